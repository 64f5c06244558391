namespace Gsd.Processes;

/// <summary>
/// A process named by pid plus its start time, so a pid the kernel has since reused for another
/// process is never mistaken for the one that wrote a lock or status file.
/// </summary>
public sealed record ProcessIdentity(int Pid, long StartTicks)
{
    public static ProcessIdentity Current { get; } = new(Environment.ProcessId, ReadStartTicks(Environment.ProcessId) ?? 0);

    /// <summary>
    /// True when a process with this pid runs and started at the recorded moment. A record without a start time (a foreign
    /// or hand-written file) cannot be verified: it is never alive, so nothing acts on it (ARCHITECTURE §9).
    /// </summary>
    public bool IsAlive()
    {
        if (!IsVerifiable)
        {
            return false;
        }
        var start = ReadStartTicks(Pid);
        return start is not null && start.Value == StartTicks;
    }

    /// <summary>Whether the record names a start time at all; without one a live pid might be any process.</summary>
    public bool IsVerifiable => Pid > 0 && StartTicks > 0;

    /// <summary>A record without a start time whose pid a process now uses: reported as unverifiable, never signalled.</summary>
    public bool IsUnverifiableButPidLive => Pid > 0 && StartTicks <= 0 && IsPidAlive(Pid);

    public static bool IsPidAlive(int pid) => pid > 0 && ReadStartTicks(pid) is not null;

    /// <summary>Start time in clock ticks since boot, field 22 of /proc/&lt;pid&gt;/stat; null when there is no such live process.</summary>
    public static long? ReadStartTicks(int pid) => ProcStat.Read(pid)?.StartTicks;
}
