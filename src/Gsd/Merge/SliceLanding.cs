using Gsd.Git;
using Gsd.Layout;
using Gsd.Preferences;

namespace Gsd.Merge;

/// <summary>
/// merge_strategy: per-slice — lands each slice a milestone branch completed (as committed) since the last landing as its
/// own squash commit <c>feat(&lt;MID&gt;/&lt;SID&gt;): &lt;title&gt;</c>, in roadmap order, while the worker goes on.
/// The caller holds the merge lock.
/// </summary>
internal sealed class SliceLanding(ParallelPaths paths, GsdPreferences prefs, MilestoneBranches branches, MergeRecorder recorder)
{
    /// <summary>Lands what is new, stopping at the first slice that does not land (recorded as the milestone's outcome).</summary>
    public async Task<IReadOnlyList<MergeResult>> LandAsync(string id, CancellationToken ct)
    {
        var results = new List<MergeResult>();
        var snapshot = await branches.LoadAsync(id, ct).ConfigureAwait(false);
        if (snapshot is null)
        {
            return results;
        }
        var branch = MilestoneBranch.Name(id);
        var landed = recorder.Find(id)?.LandedSlices ?? [];
        var integration = await branches.IntegrationBranchAsync(id, snapshot, ct).ConfigureAwait(false);
        var queries = new BranchQueries(paths.ProjectRoot);
        foreach (var slice in snapshot.Milestone.Slices.Where(s => s.IsDone && !landed.Contains(s.Id)))
        {
            var unit = $"{id}/{slice.Id}";
            var commit = await queries.UnitCommitAsync(snapshot.Tip, unit, $"feat({unit}): complete slice", ct).ConfigureAwait(false);
            if (commit is null)
            {
                continue; // marked done by hand, not by the worker's complete-slice commit: it lands with the milestone
            }
            var message = $"feat({unit}): {slice.Title}\n\n{string.Join('\n', slice.Tasks.Select(t => $"- {t.Id}: {t.Title}"))}\n\nGSD-Milestone: {id}\nGSD-Unit: {unit}\n";
            var request = new MergeRequest(paths.ProjectRoot, id, branch, integration, message) { PreMergeCheck = prefs.Git.PreMergeCheck };
            MergeResult result;
            try
            {
                result = await MergeEngine.LandSliceAsync(request, commit, ct).ConfigureAwait(false);
            }
            catch (GitException ex)
            {
                result = MergeResult.Failed(id, $"landing {unit}: {ex.Message}");
            }
            results.Add(result);
            // Skipped = nothing to land: it is already there (say, a landing whose record was not written before a crash).
            if (result.Outcome is not (MergeOutcome.Merged or MergeOutcome.Skipped))
            {
                recorder.Record(result, integration);
                break;
            }
            landed = [.. landed, slice.Id];
            recorder.RecordLandedSlices(id, landed, integration);
        }
        return results;
    }
}
