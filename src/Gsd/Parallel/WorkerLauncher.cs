using Gsd.Layout;
using Gsd.Processes;

namespace Gsd.Parallel;

/// <summary>Starts a milestone's worker: <c>gsd auto</c> in its worktree, detached, logging to its log file, marked as a parallel worker.</summary>
public static class WorkerLauncher
{
    /// <param name="runId">The coordinator's run (GSD_RUN_ID): the worker's status file carries it and it acts only on signals of that run.</param>
    /// <param name="freshCheckout">GSD_FRESH_CHECKOUT=1: the worktree was just checked out, so the worker need not look for an interrupted unit's changes.</param>
    public static ProcessIdentity StartWorker(ParallelPaths paths, string milestoneId, string worktree, string? runId = null, bool freshCheckout = false)
    {
        var env = DetachedProcess.CleanEnvironment();
        env["GSD_RUN_ID"] = runId;
        env["GSD_MILESTONE_LOCK"] = milestoneId;
        env["GSD_PARALLEL_WORKER"] = "1";
        env["GSD_PROJECT_ROOT"] = paths.ProjectRoot;
        env["GSD_FRESH_CHECKOUT"] = freshCheckout ? "1" : null;
        return DetachedProcess.Start([.. SelfCommand.Argv(), "auto"], worktree, paths.LogFile(milestoneId), env);
    }
}
