namespace Gsd.IO;

/// <summary>Contents of a pid lock file (<c>.gsd/auto.lock</c>, the coordinator lock): who holds it and what it is doing.</summary>
public sealed record LockRecord(
    int Pid,
    long ProcessStartedAt,
    DateTimeOffset StartedAt,
    string? UnitType = null,
    string? UnitId = null,
    DateTimeOffset? UnitStartedAt = null)
{
    public ProcessIdentity Owner => new(Pid, ProcessStartedAt);
}
