namespace Gsd.Processes;

/// <summary>How a process ended when it was stopped.</summary>
public enum KillOutcome
{
    /// <summary>It was not running.</summary>
    AlreadyGone,

    /// <summary>It exited on SIGTERM within the grace period.</summary>
    Exited,

    /// <summary>It ignored SIGTERM for the whole grace period and was killed with SIGKILL.</summary>
    Killed,

    /// <summary>It survived SIGKILL (it should not: e.g. stuck in the kernel).</summary>
    StillAlive,
}

/// <summary>
/// Ends a session leader gsd started (a worker) and what it runs: SIGTERM, a grace period, then SIGKILL; then the sessions
/// its children lead (its agents) and its own session, which a SIGKILLed leader cannot clean up itself. Only a process
/// whose identity (pid + start time) still matches is signalled, so a reused pid is never touched.
/// </summary>
public static class SessionKiller
{
    /// <param name="grace">How long the leader has to exit on SIGTERM.</param>
    /// <param name="sigkillWait">How long to wait for it to vanish after SIGKILL.</param>
    /// <param name="poll">How often to look.</param>
    public static KillOutcome Terminate(ProcessIdentity leader, TimeSpan grace, TimeSpan sigkillWait, TimeSpan poll)
    {
        if (!leader.IsAlive())
        {
            return KillOutcome.AlreadyGone;
        }
        var ownSession = NativeMethods.GetPgid(leader.Pid) == leader.Pid;
        var children = new HashSet<int>(ProcessTable.Snapshot().ChildSessions(leader.Pid));
        NativeMethods.Kill(leader.Pid, NativeMethods.SIGTERM);
        var outcome = WaitUntilGone(leader, grace, poll) ? KillOutcome.Exited : KillOutcome.Killed;
        if (outcome == KillOutcome.Killed)
        {
            children.UnionWith(ProcessTable.Snapshot().ChildSessions(leader.Pid));
            NativeMethods.Kill(leader.Pid, NativeMethods.SIGKILL);
            if (!WaitUntilGone(leader, sigkillWait, poll))
            {
                outcome = KillOutcome.StillAlive;
            }
        }
        foreach (var session in children)
        {
            ProcessGroup.Signal(session, NativeMethods.SIGKILL);
        }
        if (ownSession && outcome != KillOutcome.StillAlive)
        {
            ProcessGroup.Signal(leader.Pid, NativeMethods.SIGKILL);
        }
        return outcome;
    }

    /// <summary>SIGKILLs each of <paramref name="processes"/> (just read from /proc), with the whole session of those that lead one.</summary>
    public static void KillAll(IEnumerable<ProcessEntry> processes)
    {
        foreach (var p in processes)
        {
            if (p.LeadsSession)
            {
                ProcessGroup.Signal(p.Pid, NativeMethods.SIGKILL);
            }
            NativeMethods.Kill(p.Pid, NativeMethods.SIGKILL);
        }
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
