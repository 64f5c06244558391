namespace Gsd.Processes;

/// <summary>Contents of a pid lock file (<c>.gsd/auto.lock</c>, the coordinator lock): who holds it and what it is doing.</summary>
public sealed record LockRecord(
    int Pid,
    long ProcessStartedAt,
    DateTimeOffset StartedAt,
    string? UnitType = null,
    string? UnitId = null,
    DateTimeOffset? UnitStartedAt = null,
    int? AgentPid = null,
    long? AgentStartedAt = null)
{
    /// <summary>The agent the holder was running (its pid leads the agent's process group), so a successor can stop one a crash orphaned.</summary>
    public ProcessIdentity? Agent => AgentPid is > 0 ? new(AgentPid.Value, AgentStartedAt ?? 0) : null;

    public ProcessIdentity Owner => new(Pid, ProcessStartedAt);
}
