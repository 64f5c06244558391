using Gsd.Git;
using Gsd.Layout;

namespace Gsd.Merge;

/// <summary>
/// Predicts merge conflicts long before the merge, read-only: <c>git merge-tree --write-tree</c> of every branch against
/// the integration branch and of every pair of branches. Only objects are written; no ref, index or checkout changes.
/// <c>.gsd/</c> paths are ignored because the merge resolves them by itself.
/// </summary>
public sealed class ConflictPredictor
{
    private readonly GitRepository _repo;

    public ConflictPredictor(string projectRoot)
    {
        _repo = new GitRepository(projectRoot);
    }

    /// <summary>One entry per branch (against <paramref name="integrationBranch"/>), then one per pair of branches in the given order.</summary>
    public async Task<IReadOnlyList<PredictedConflict>> PredictAsync(string integrationBranch, IReadOnlyList<string> branches, CancellationToken ct = default)
    {
        RefNames.EnsureSafe(integrationBranch, nameof(integrationBranch));
        foreach (var branch in branches)
        {
            RefNames.EnsureSafe(branch, nameof(branches));
        }
        var integrationTip = await CommitAsync(integrationBranch, ct).ConfigureAwait(false);
        var tips = new List<string>();
        foreach (var branch in branches)
        {
            tips.Add(await CommitAsync(branch, ct).ConfigureAwait(false));
        }

        var merger = new TreeMerger(_repo);
        var landing = new LandingRecord(_repo);
        var predictions = new List<PredictedConflict>();
        for (var i = 0; i < branches.Count; i++)
        {
            // A branch that already landed slices merges from its last landing, exactly as the real merge will.
            var milestoneId = MilestoneBranch.MilestoneOf(branches[i]);
            var mergeBase = milestoneId is null ? null : await landing.FindBaseAsync(milestoneId, integrationTip, tips[i], ct).ConfigureAwait(false);
            var (_, conflicts) = await merger.RawMergeAsync(integrationTip, tips[i], mergeBase, ct).ConfigureAwait(false);
            predictions.Add(new PredictedConflict(integrationBranch, branches[i], CodeOnly(conflicts)));
        }
        for (var i = 0; i < branches.Count; i++)
        {
            for (var j = i + 1; j < branches.Count; j++)
            {
                var (_, conflicts) = await merger.RawMergeAsync(tips[i], tips[j], null, ct).ConfigureAwait(false);
                predictions.Add(new PredictedConflict(branches[i], branches[j], CodeOnly(conflicts)));
            }
        }
        return predictions;
    }

    private async Task<string> CommitAsync(string branch, CancellationToken ct) =>
        await _repo.CommitOfAsync(RefNames.Branch(branch), ct).ConfigureAwait(false)
        ?? throw new GsdException($"Cannot predict conflicts: branch {branch} does not exist in {_repo.WorkDir}.");

    private static List<string> CodeOnly(IReadOnlyList<string> conflicts) => conflicts.Where(p => !GsdPaths.IsGsdPath(p)).ToList();

}
