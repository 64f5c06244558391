namespace Gsd.Processes;

/// <summary>
/// Signals and waits on the process group an agent leads, so its children and grandchildren stop
/// with it. Since agents are started as session leaders, members that moved to a group of their own
/// (as some CLIs do for their tool processes) are reached through the session. Refuses to touch
/// gsd's own group or the system's.
/// </summary>
public static class ProcessGroup
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    /// <summary>The group of <paramref name="pid"/>, or null when there is no such process.</summary>
    public static int? Of(int pid)
    {
        var pgid = NativeMethods.GetPgid(pid);
        return pgid < 0 ? null : pgid;
    }

    /// <summary>Sends <paramref name="signal"/> to every member; false when there was none to signal.</summary>
    public static bool Signal(int pgid, int signal)
    {
        if (!IsForeignGroup(pgid))
        {
            return false;
        }
        var any = NativeMethods.Kill(-pgid, signal) == 0;
        foreach (var pid in LiveMembers(pgid))
        {
            any |= NativeMethods.Kill(pid, signal) == 0;
        }
        return any;
    }

    /// <summary>True while a member of the group (or of the session it leads) runs; zombies, which only wait to be reaped, do not count.</summary>
    public static bool HasLiveMembers(int pgid) =>
        pgid > 1 && LiveMembers(pgid).Any();

    /// <summary>SIGTERM, up to <paramref name="grace"/> for the members to exit, then SIGKILL; returns once the group is empty (or after a bounded wait).</summary>
    public static async Task TerminateAsync(int pgid, TimeSpan grace, TimeProvider time)
    {
        if (!IsForeignGroup(pgid))
        {
            return;
        }
        Signal(pgid, NativeMethods.SIGTERM);
        if (await WaitUntilEmptyAsync(pgid, grace, time).ConfigureAwait(false))
        {
            return;
        }
        Signal(pgid, NativeMethods.SIGKILL);
        // SIGKILL cannot be ignored; the wait only lets the kernel finish tearing the processes down.
        await WaitUntilEmptyAsync(pgid, TimeSpan.FromSeconds(5), time).ConfigureAwait(false);
    }

    private static async Task<bool> WaitUntilEmptyAsync(int pgid, TimeSpan limit, TimeProvider time)
    {
        var started = time.GetTimestamp();
        while (HasLiveMembers(pgid))
        {
            if (time.GetElapsedTime(started) >= limit)
            {
                return false;
            }
            await Task.Delay(PollInterval, time).ConfigureAwait(false);
        }
        return true;
    }

    private static bool IsForeignGroup(int pgid) => pgid > 1 && pgid != NativeMethods.GetPgid(0);

    /// <summary>Pids of live processes whose group or session is <paramref name="pgid"/>.</summary>
    // Read lazily: the wait loops poll this every 25 ms and need only the first member.
    private static IEnumerable<int> LiveMembers(int pgid) => ProcessTable.Live().Where(p => p.IsInGroupOrSession(pgid)).Select(p => p.Pid);
}
