using Gsd.Processes;
using Gsd.Protocol;

namespace Gsd.Parallel;

/// <summary>
/// Ends a worker and everything it runs (<see cref="SessionKiller"/>: SIGTERM, a grace period, then SIGKILL, then its
/// agents' sessions and its own), then any agent still running in its worktree. Never signals a reused pid.
/// </summary>
public static class ProcessKiller
{
    /// <summary><see cref="KillOutcome.Exited"/>: the worker exited on SIGTERM, saving its interrupted unit.</summary>
    public static KillOutcome KillWorker(WorkerStatus status, TimeSpan grace, Timings timings)
    {
        // Workers are started through setsid: they lead their session, so what they leave behind is found by it.
        var outcome = SessionKiller.Terminate(new ProcessIdentity(status.Pid, status.ProcessStartedAt), grace, timings.SigkillWait, timings.KillPoll);
        KillAgentsIn(status.Worktree);
        return outcome;
    }

    /// <summary>Kills agents (and their children) still running in <paramref name="worktree"/> after their worker died.</summary>
    public static int KillAgentsIn(string? worktree, int exceptWorkerPid = 0)
    {
        if (string.IsNullOrEmpty(worktree))
        {
            return 0;
        }
        var found = ProcessTable.Snapshot().AgentsIn(worktree, exceptWorkerPid);
        SessionKiller.KillAll(found);
        return found.Count;
    }
}
