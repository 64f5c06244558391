using Gsd.Layout;
using Gsd.Processes;

namespace Gsd.Parallel;

/// <summary>Starts the worker of one milestone in its worktree: the coordinator's only way to launch a process.</summary>
public interface IWorkerStarter
{
    ProcessIdentity Start(string milestoneId, string worktree);

    /// <summary>Starts it as a worker of run <paramref name="runId"/>; a starter that has no use for the run id ignores it.</summary>
    ProcessIdentity Start(string milestoneId, string worktree, string runId) => Start(milestoneId, worktree);
}

/// <summary>The real one: a detached `gsd auto` in the worktree, locked to the milestone (<see cref="WorkerLauncher"/>).</summary>
public sealed class ProcessWorkerStarter(ParallelPaths paths) : IWorkerStarter
{
    public ProcessIdentity Start(string milestoneId, string worktree) => WorkerLauncher.StartWorker(paths, milestoneId, worktree);

    public ProcessIdentity Start(string milestoneId, string worktree, string runId) => WorkerLauncher.StartWorker(paths, milestoneId, worktree, runId);
}
