using Gsd.IO;
using Gsd.Layout;

namespace Gsd.Protocol;

/// <summary>Reads and updates merges.json under a guard so two merges at once never lose each other's record.</summary>
public sealed class MergeLedger(ParallelPaths paths)
{
    public string FilePath => Path.Combine(paths.Directory, "merges.json");

    /// <summary>The ledger; empty when absent. A corrupt file throws naming it, so no record is silently dropped by the next write.</summary>
    public MergeLedgerFile Read()
    {
        try
        {
            return JsonFile.Read(FilePath, GsdJsonContext.Default.MergeLedgerFile) ?? new MergeLedgerFile();
        }
        catch (GsdException ex)
        {
            throw new GsdException($"{ex.Message}. It records merge outcomes only (no code): move it aside and run the command again.");
        }
    }

    /// <summary>For readers that must not fail (status, eligibility): null when the file is unreadable.</summary>
    public MergeLedgerFile? TryRead()
    {
        try
        {
            return Read();
        }
        catch (GsdException)
        {
            return null;
        }
    }

    public MergeRecord? Find(string milestoneId) => Read().Milestones.GetValueOrDefault(milestoneId);

    public void Update(string milestoneId, Func<MergeRecord?, MergeRecord> change)
    {
        Directory.CreateDirectory(paths.Directory);
        using var guard = FileGuard.Acquire(FilePath + ".guard.lock");
        var file = Read();
        file.Milestones[milestoneId] = change(file.Milestones.GetValueOrDefault(milestoneId));
        JsonFile.Write(FilePath, file, GsdJsonContext.Default.MergeLedgerFile);
    }

    /// <summary>
    /// <paramref name="run"/> (a coordinator's per-milestone run states, may be null) with the merges that did not land laid
    /// over it: a milestone whose last merge hit a conflict or failed shows as such (with its files and error) unless its
    /// worker is running again, so eligibility never offers it to `start` as if it were new. An unreadable ledger adds nothing.
    /// </summary>
    public Dictionary<string, MilestoneRun> Overlay(IReadOnlyDictionary<string, MilestoneRun>? run)
    {
        var result = run is null ? new Dictionary<string, MilestoneRun>(StringComparer.Ordinal) : new Dictionary<string, MilestoneRun>(run, StringComparer.Ordinal);
        // An unreadable ledger must not kill a coordinator tick; every merge command names the broken file instead.
        foreach (var (id, record) in TryRead()?.Milestones ?? [])
        {
            if (record.Outcome is not (MergeRecordOutcome.Conflict or MergeRecordOutcome.Failed) || (result.TryGetValue(id, out var live) && live.State == RunState.Running))
            {
                continue;
            }
            var state = record.Outcome == MergeRecordOutcome.Conflict ? RunState.Conflict : RunState.Failed;
            result[id] = (live ?? new MilestoneRun(state)) with { State = state, Error = record.Error, ConflictFiles = record.ConflictFiles };
        }
        return result;
    }
}
