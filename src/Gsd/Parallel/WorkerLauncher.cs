using Gsd.Layout;
using Gsd.Processes;

namespace Gsd.Parallel;

/// <summary>Starts a milestone's worker: <c>gsd auto</c> in its worktree, detached, logging to its log file, marked as a parallel worker.</summary>
public static class WorkerLauncher
{
    public static ProcessIdentity StartWorker(ParallelPaths paths, string milestoneId, string worktree)
    {
        var env = DetachedProcess.CleanEnvironment();
        env["GSD_MILESTONE_LOCK"] = milestoneId;
        env["GSD_PARALLEL_WORKER"] = "1";
        env["GSD_PROJECT_ROOT"] = paths.ProjectRoot;
        return DetachedProcess.Start([.. SelfCommand.Argv(), "auto"], worktree, paths.LogFile(milestoneId), env);
    }
}
