using Gsd.Layout;
using Gsd.Processes;

namespace Gsd.Parallel;

/// <summary>Starts the worker of one milestone in its worktree: the coordinator's only way to launch a process.</summary>
public interface IWorkerStarter
{
    ProcessIdentity Start(string milestoneId, string worktree);

    /// <summary>Starts it as a worker of run <paramref name="runId"/>; a starter that has no use for the run id ignores it.</summary>
    ProcessIdentity Start(string milestoneId, string worktree, string runId) => Start(milestoneId, worktree);

    /// <summary>
    /// As above; <paramref name="freshCheckout"/> tells the worker its worktree was just checked out (so it skips the scan
    /// for an interrupted unit's changes, a full `git status` of the tree). A starter with no use for it ignores it.
    /// </summary>
    ProcessIdentity Start(string milestoneId, string worktree, string runId, bool freshCheckout) => Start(milestoneId, worktree, runId);
}

/// <summary>The real one: a detached `gsd auto` in the worktree, locked to the milestone (<see cref="WorkerLauncher"/>).</summary>
public sealed class ProcessWorkerStarter(ParallelPaths paths) : IWorkerStarter
{
    public ProcessIdentity Start(string milestoneId, string worktree) => WorkerLauncher.StartWorker(paths, milestoneId, worktree);

    public ProcessIdentity Start(string milestoneId, string worktree, string runId) => WorkerLauncher.StartWorker(paths, milestoneId, worktree, runId);

    public ProcessIdentity Start(string milestoneId, string worktree, string runId, bool freshCheckout) => WorkerLauncher.StartWorker(paths, milestoneId, worktree, runId, freshCheckout);
}
