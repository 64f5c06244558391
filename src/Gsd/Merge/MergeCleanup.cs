using Gsd.Git;
using Gsd.Layout;
using Gsd.Protocol;

namespace Gsd.Merge;

/// <summary>
/// After a squash landed: carries the worker's metrics to the project root, then removes the milestone's branch and
/// worktree only once <see cref="Containment"/> proves their work is on the integration branch; otherwise keeps them and
/// says why in the result.
/// </summary>
internal sealed class MergeCleanup(ParallelPaths paths)
{
    /// <param name="landed">The squash the engine just landed from this branch (its tree is the proof while nothing moved); null: prove it in full.</param>
    public async Task<MergeResult> FinishAsync(MergeResult result, string branch, string integration, LandedSquash? landed, CancellationToken ct)
    {
        var cleanup = await RemoveAsync(result.MilestoneId, branch, integration, landed, ct).ConfigureAwait(false);
        return cleanup.Removed ? result : WithNote(result, cleanup.Reason);
    }

    /// <summary>
    /// Carries the worktree's metrics, then removes the branch and worktree with <see cref="Containment.SafeRemoveAsync"/>'s
    /// proof; the merge's cleanup, and doctor's for a merged milestone whose cleanup was refused or interrupted.
    /// </summary>
    public Task<SafeRemoveResult> RemoveAsync(string milestoneId, string branch, string integration, CancellationToken ct) =>
        RemoveAsync(milestoneId, branch, integration, null, ct);

    private async Task<SafeRemoveResult> RemoveAsync(string milestoneId, string branch, string integration, LandedSquash? landed, CancellationToken ct)
    {
        try
        {
            CarryMetrics(milestoneId);
        }
        catch (GsdException ex)
        {
            return new SafeRemoveResult(false, false, false, $"kept {branch} and its worktree: its metrics could not be carried to the project ledger: {ex.Message}");
        }
        try
        {
            var containment = new Containment(paths.ProjectRoot);
            return landed is null
                ? await containment.SafeRemoveAsync(branch, integration, ct).ConfigureAwait(false)
                : await containment.SafeRemoveLandedAsync(branch, integration, landed, ct).ConfigureAwait(false);
        }
        catch (GitException ex)
        {
            return new SafeRemoveResult(false, false, false, $"kept {branch} (or part of its cleanup): {ex.Message}");
        }
    }

    private static MergeResult WithNote(MergeResult result, string note) =>
        result with { Error = result.Error is null ? note : $"{result.Error}; {note}" };

    /// <summary>The project-root ledger receives the worker's metrics before anything is removed; entries already carried are not added twice.</summary>
    private void CarryMetrics(string id)
    {
        var workerFile = GsdPaths.MetricsFile(paths.Worktree(id));
        if (!File.Exists(workerFile))
        {
            return;
        }
        var worker = MetricsLedger.ReadFile(workerFile).Units.Select(u => u with { MilestoneId = id }).ToList();
        var root = new MetricsLedger(paths.ProjectRoot);
        var existing = root.Read().Units.Select(u => (u.MilestoneId, u.Id, u.StartedAt, u.Attempt)).ToHashSet();
        var fresh = worker.Where(u => !existing.Contains((u.MilestoneId, u.Id, u.StartedAt, u.Attempt))).ToList();
        if (fresh.Count > 0)
        {
            root.AppendAll(fresh);
        }
    }
}
