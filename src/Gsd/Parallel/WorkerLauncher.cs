using Gsd.Layout;
using Gsd.Processes;

namespace Gsd.Parallel;

/// <summary>Starts a milestone's worker: <c>gsd auto</c> in its worktree, detached, logging to its log file, marked as a parallel worker.</summary>
public static class WorkerLauncher
{
    /// <param name="runId">The coordinator's run (GSD_RUN_ID): the worker's status file carries it and it acts only on signals of that run.</param>
    public static ProcessIdentity StartWorker(ParallelPaths paths, string milestoneId, string worktree, string? runId = null)
    {
        var env = DetachedProcess.CleanEnvironment();
        env["GSD_RUN_ID"] = runId;
        env["GSD_MILESTONE_LOCK"] = milestoneId;
        env["GSD_PARALLEL_WORKER"] = "1";
        env["GSD_PROJECT_ROOT"] = paths.ProjectRoot;
        return DetachedProcess.Start([.. SelfCommand.Argv(), "auto"], worktree, paths.LogFile(milestoneId), env);
    }
}
