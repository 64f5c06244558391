using Gsd.Processes;
using Gsd.Protocol;

namespace Gsd.Parallel;

/// <summary>How a worker ended when it was stopped.</summary>
public enum KillOutcome
{
    /// <summary>It was not running.</summary>
    AlreadyGone,

    /// <summary>It exited on SIGTERM within the grace period (saving its interrupted unit).</summary>
    Exited,

    /// <summary>It ignored SIGTERM for the whole grace period and was killed with SIGKILL.</summary>
    Killed,

    /// <summary>It survived SIGKILL (it should not: e.g. stuck in the kernel).</summary>
    StillAlive,
}

/// <summary>
/// Ends a worker and everything it runs: SIGTERM, a grace period, then SIGKILL; then the agents' sessions and the
/// worker's own session, which a SIGKILLed worker cannot clean up itself. Never signals a reused pid.
/// </summary>
public static class ProcessKiller
{
    public static KillOutcome KillWorker(WorkerStatus status, TimeSpan grace, Timings timings)
    {
        var worker = new ProcessIdentity(status.Pid, status.ProcessStartedAt);
        if (!worker.IsAlive())
        {
            KillAgentsIn(status.Worktree);
            return KillOutcome.AlreadyGone;
        }
        // Workers are started through setsid: they lead their session, so what they leave behind is found by it.
        var ownSession = NativeMethods.GetPgid(worker.Pid) == worker.Pid;
        var agents = new HashSet<int>(ProcessTable.ChildSessions(worker.Pid));
        NativeMethods.Kill(worker.Pid, NativeMethods.SIGTERM);
        var outcome = WaitUntilGone(worker, grace, timings.KillPoll) ? KillOutcome.Exited : KillOutcome.Killed;
        if (outcome == KillOutcome.Killed)
        {
            agents.UnionWith(ProcessTable.ChildSessions(worker.Pid));
            NativeMethods.Kill(worker.Pid, NativeMethods.SIGKILL);
            if (!WaitUntilGone(worker, timings.SigkillWait, timings.KillPoll))
            {
                outcome = KillOutcome.StillAlive;
            }
        }
        foreach (var session in agents)
        {
            ProcessGroup.Signal(session, NativeMethods.SIGKILL);
        }
        if (ownSession && outcome != KillOutcome.StillAlive)
        {
            ProcessGroup.Signal(worker.Pid, NativeMethods.SIGKILL);
        }
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
        var found = ProcessTable.AgentsIn(worktree, exceptWorkerPid);
        foreach (var p in found)
        {
            if (p.Session == p.Pid)
            {
                ProcessGroup.Signal(p.Pid, NativeMethods.SIGKILL);
            }
            NativeMethods.Kill(p.Pid, NativeMethods.SIGKILL);
        }
        return found.Count;
    }

    private static bool WaitUntilGone(ProcessIdentity process, TimeSpan limit, TimeSpan poll)
    {
        var deadline = DateTime.UtcNow + limit;
        while (process.IsAlive())
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }
            Thread.Sleep(poll);
        }
        return true;
    }
}
