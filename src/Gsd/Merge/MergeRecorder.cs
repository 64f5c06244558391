using Gsd.Layout;
using Gsd.Protocol;

namespace Gsd.Merge;

/// <summary>Writes merge outcomes and slice landings to merges.json (the queue's ledger; only the merge side writes it).</summary>
internal sealed class MergeRecorder(ParallelPaths paths, TimeProvider clock)
{
    private readonly MergeLedger _ledger = new(paths);

    public MergeRecord? Find(string milestoneId) => _ledger.Find(milestoneId);

    /// <summary>Records <paramref name="result"/> as the milestone's last outcome, keeping its landed slices and carried cost.</summary>
    public MergeResult Record(MergeResult result, string? integration)
    {
        var outcome = result.Outcome switch
        {
            MergeOutcome.Merged => MergeRecordOutcome.Merged,
            MergeOutcome.Conflict => MergeRecordOutcome.Conflict,
            MergeOutcome.Skipped => MergeRecordOutcome.Skipped,
            _ => MergeRecordOutcome.Failed,
        };
        _ledger.Update(result.MilestoneId, previous => new MergeRecord(outcome, clock.GetUtcNow(), result.Commit, result.Error, result.ConflictFiles)
        {
            LandedSlices = previous?.LandedSlices ?? [],
            IntegrationBranch = integration ?? previous?.IntegrationBranch,
            Cost = previous?.Cost ?? 0,
        });
        return result;
    }

    public void TryRecord(MergeResult result)
    {
        try
        {
            Record(result, null);
        }
        catch (GsdException)
        {
            // merges.json itself is unreadable; the coordinator still records the failure in its own state.
        }
    }

    /// <summary>Adds slices to the milestone's landed list (a milestone not merged yet gets a pending record).</summary>
    public void RecordLandedSlices(string milestoneId, IReadOnlyList<string> landed, string integration) =>
        _ledger.Update(milestoneId, r => (r ?? new MergeRecord(MergeRecordOutcome.Pending, clock.GetUtcNow(), null, null, [])) with { LandedSlices = landed, IntegrationBranch = integration });
}
