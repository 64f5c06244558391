using Gsd.Layout;
using Gsd.Processes;
using Gsd.Protocol;

namespace Gsd.Auto;

/// <summary>
/// Stops the agent an <see cref="AgentRecord"/> names once its owning worker is dead (a worker taking the milestone over, and
/// <c>gsd doctor --fix</c>): only when the agent's pid still has the recorded start time and leads the recorded process group;
/// a record without a start time is unverifiable and never acted on. The record is removed once nothing of it runs.
/// </summary>
public static class OrphanedAgent
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(3);

    /// <summary>What was found and done, for the log or doctor; null when there was no record.</summary>
    public static async Task<string?> StopAsync(ParallelPaths paths, string milestoneId, TimeProvider clock)
    {
        if (AgentRecordStore.TryRead(paths, milestoneId) is not { } record)
        {
            return null;
        }
        var verdict = Inspect(record);
        switch (verdict)
        {
            case Verdict.OwnerAlive:
                return null;
            case Verdict.Unverifiable:
                return $"{paths.AgentFile(milestoneId)} names agent pid {record.Pid} without a process start time: unverifiable, so it was not signalled";
            case Verdict.Orphaned:
                await ProcessGroup.TerminateAsync(record.Pgid, Grace, clock).ConfigureAwait(false);
                AgentRecordStore.Remove(paths, record);
                return $"stopped the agent (pid {record.Pid}, group {record.Pgid}) that worker pid {record.OwnerPid} left running{(record.UnitId is null ? string.Empty : $" for {record.UnitId}")}";
            default:
                AgentRecordStore.Remove(paths, record);
                return null;
        }
    }

    public static Verdict Inspect(AgentRecord record)
    {
        if (record.Owner.IsAlive() && record.Owner != ProcessIdentity.Current)
        {
            return Verdict.OwnerAlive;
        }
        if (!record.Agent.IsVerifiable || record.Pgid <= 1)
        {
            return record.Agent.IsUnverifiableButPidLive ? Verdict.Unverifiable : Verdict.Gone;
        }
        return record.Agent.IsAlive() && ProcessGroup.Of(record.Pid) == record.Pgid ? Verdict.Orphaned : Verdict.Gone;
    }

    public enum Verdict
    {
        /// <summary>Its worker still runs: the agent is not orphaned.</summary>
        OwnerAlive,

        /// <summary>No start time recorded: the pid may be anything now.</summary>
        Unverifiable,

        /// <summary>The agent runs (same pid, start time and group) while its worker is gone.</summary>
        Orphaned,

        /// <summary>Nothing of it runs any more: the record is stale.</summary>
        Gone,
    }
}
