namespace Gsd.Processes;

/// <summary>
/// A process named by pid plus its start time, so a pid the kernel has since reused for another
/// process is never mistaken for the one that wrote a lock or status file.
/// </summary>
public sealed record ProcessIdentity(int Pid, long StartTicks)
{
    public static ProcessIdentity Current { get; } = new(Environment.ProcessId, ReadStartTicks(Environment.ProcessId) ?? 0);

    /// <summary>True when a process with this pid runs and (where known) started at the same moment.</summary>
    public bool IsAlive()
    {
        if (Pid <= 0)
        {
            return false;
        }
        var start = ReadStartTicks(Pid);
        if (start is null)
        {
            return false;
        }
        return StartTicks == 0 || start.Value == StartTicks;
    }

    public static bool IsPidAlive(int pid) => pid > 0 && ReadStartTicks(pid) is not null;

    /// <summary>Start time in clock ticks since boot, field 22 of /proc/&lt;pid&gt;/stat; null when there is no such live process.</summary>
    public static long? ReadStartTicks(int pid) => ProcStat.Read(pid)?.StartTicks;
}
