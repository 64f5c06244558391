using Gsd.Auto;
using Gsd.Protocol;

namespace Gsd.Doctor;

/// <summary>
/// Agents recorded in <c>.gsd/parallel/&lt;MID&gt;.agent.json</c> whose worker is dead (a <c>kill -9</c>, a crash): such an
/// agent runs in a session of its own, keeps paying for tokens and writes into a checkout nobody watches. <c>--fix</c> stops
/// its process group — only when pid, start time and group still match the record (<see cref="OrphanedAgent"/>) — and
/// removes the record; a record whose agent is gone is removed; one without a start time is reported, never acted on.
/// </summary>
internal sealed class OrphanedAgentCheck : IDoctorCheck
{
    public string Name => "orphaned agents";

    public Task<IReadOnlyList<DoctorIssue>> InspectAsync(DoctorContext context, CancellationToken ct)
    {
        var paths = context.Paths;
        var issues = new List<DoctorIssue>();
        foreach (var record in AgentRecordStore.ReadAll(paths))
        {
            var file = context.Display(paths.AgentFile(record.MilestoneId));
            var unit = record.UnitId is null ? string.Empty : $" ({record.UnitId})";
            switch (OrphanedAgent.Inspect(record))
            {
                case OrphanedAgent.Verdict.Orphaned:
                    issues.Add(new DoctorIssue(DoctorCodes.OrphanedAgent, DoctorSeverity.Error,
                        $"{record.MilestoneId}: its agent pid {record.Pid}{unit} still runs though its worker pid {record.OwnerPid} is gone; it may still write into {context.Display(record.Checkout)} ({file})")
                    {
                        Fix = async _ => await OrphanedAgent.StopAsync(paths, record.MilestoneId, context.Clock).ConfigureAwait(false) is { } done
                            ? FixResult.Done(done)
                            : FixResult.Skipped("its worker is alive again or the record changed; left as it is"),
                    });
                    break;
                case OrphanedAgent.Verdict.Unverifiable:
                    issues.Add(new DoctorIssue(DoctorCodes.OrphanedAgent, DoctorSeverity.Warning,
                        $"{record.MilestoneId}: {file} names agent pid {record.Pid} without a process start time: unverifiable")
                    {
                        NotFixableReason = "that pid may belong to any process, so gsd never signals it; look at it, then delete the file",
                    });
                    break;
                case OrphanedAgent.Verdict.Gone:
                    issues.Add(new DoctorIssue(DoctorCodes.StaleAgentRecord, DoctorSeverity.Warning,
                        $"{record.MilestoneId}: {file} names agent pid {record.Pid}{unit}, which is no longer running")
                    {
                        Fix = _ =>
                        {
                            AgentRecordStore.Remove(paths, record);
                            return Task.FromResult(FixResult.Done("removed the stale record"));
                        },
                    });
                    break;
            }
        }
        return Task.FromResult<IReadOnlyList<DoctorIssue>>(issues);
    }
}
