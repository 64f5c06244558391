using Gsd.Git;
using Gsd.Layout;

namespace Gsd.Merge;

/// <summary>
/// Proves a milestone branch's work is on the integration branch before anything is deleted. After a squash the branch's
/// commits are not ancestors of the integration branch, so the proof is by tree: merging the branch again (the same
/// merge <see cref="MergeEngine"/> would do, <c>.gsd/</c> rules included) must yield the integration branch's tree exactly.
/// </summary>
public sealed class Containment
{
    private readonly GitRepository _repo;

    public Containment(string projectRoot)
    {
        _repo = new GitRepository(projectRoot);
    }

    public async Task<ContainmentProof> ProveContainedAsync(string branch, string integrationBranch, CancellationToken ct = default)
    {
        RefNames.EnsureSafe(branch, nameof(branch));
        RefNames.EnsureSafe(integrationBranch, nameof(integrationBranch));
        var tip = await _repo.CommitOfAsync(RefNames.Branch(branch), ct).ConfigureAwait(false);
        if (tip is null)
        {
            return new ContainmentProof(false, $"Branch {branch} does not exist.", null, 0);
        }
        var integrationTip = await _repo.CommitOfAsync(RefNames.Branch(integrationBranch), ct).ConfigureAwait(false);
        if (integrationTip is null)
        {
            return new ContainmentProof(false, $"Integration branch {integrationBranch} does not exist.", tip, 0);
        }
        if (await _repo.MergeBaseAsync(integrationTip, tip, ct).ConfigureAwait(false) is null)
        {
            return new ContainmentProof(false, $"{branch} shares no history with {integrationBranch}.", tip, 0);
        }
        var own = await _repo.CountCommitsAsync(integrationTip, tip, ct).ConfigureAwait(false);
        if (own == 0)
        {
            return new ContainmentProof(false,
                $"{branch} has no commits of its own outside {integrationBranch}'s history, so gsd cannot prove it did any work that landed; "
                + $"keeping it (delete it yourself with `git branch -d {branch}` if it is no longer needed).", tip, 0);
        }

        var milestoneId = MilestoneBranch.MilestoneOf(branch);
        var mergeBase = milestoneId is null
            ? null
            : await new LandingRecord(_repo).FindBaseAsync(milestoneId, integrationTip, tip, ct).ConfigureAwait(false);
        var merge = await new TreeMerger(_repo).MergeAsync(integrationTip, tip, milestoneId, mergeBase, ct).ConfigureAwait(false);
        if (merge.HasCodeConflicts)
        {
            return new ContainmentProof(false,
                $"{branch} is not contained in {integrationBranch}: merging it would conflict in {WorktreeManager.Summarize(merge.CodeConflicts)}.", tip, own);
        }
        var missing = await _repo.ChangedFilesAsync(integrationTip, merge.Tree, ct).ConfigureAwait(false);
        if (missing.Count > 0)
        {
            return new ContainmentProof(false,
                $"{branch} has changes that are not on {integrationBranch}: {WorktreeManager.Summarize(missing)}.", tip, own);
        }
        return new ContainmentProof(true, $"All {own} commit(s) of {branch} are contained in {integrationBranch}.", tip, own);
    }

    /// <summary>
    /// Removes the branch's worktree and then the branch, only after <see cref="ProveContainedAsync"/> succeeded and only
    /// when the worktree is clean; otherwise keeps both and says why. The branch is deleted by compare-and-swap against the
    /// proven commit, so a commit made after the proof is never lost. Git failures surface as <see cref="GitException"/>.
    /// </summary>
    public async Task<SafeRemoveResult> SafeRemoveAsync(string branch, string integrationBranch, CancellationToken ct = default)
    {
        var proof = await ProveContainedAsync(branch, integrationBranch, ct).ConfigureAwait(false);
        if (!proof.Contained || proof.BranchTip is null)
        {
            return new SafeRemoveResult(false, false, false, $"Kept {branch} and its worktree: {proof.Reason}");
        }
        return await RemoveProvenAsync(branch, integrationBranch, proof.BranchTip, proof.Reason, null, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="SafeRemoveAsync"/> right after the engine landed <paramref name="landed"/> from this branch. While the
    /// branch is still at the commit landed, the integration branch at the squash commit and the landing record the one
    /// written for it, the squash commit's tree is the proof: the record makes that very commit the merge base, so merging
    /// the branch again yields the squash's tree (what <see cref="ProveContainedAsync"/> would compute, in 3 git processes
    /// instead of 13). Anything moved or unproven: the full proof.
    /// </summary>
    internal async Task<SafeRemoveResult> SafeRemoveLandedAsync(string branch, string integrationBranch, LandedSquash landed, CancellationToken ct = default)
    {
        RefNames.EnsureSafe(branch, nameof(branch));
        RefNames.EnsureSafe(integrationBranch, nameof(integrationBranch));
        var milestoneId = MilestoneBranch.MilestoneOf(branch);
        if (milestoneId is null)
        {
            return await SafeRemoveAsync(branch, integrationBranch, ct).ConfigureAwait(false);
        }
        var now = await _repo.CommitsOfAsync([RefNames.Branch(branch), RefNames.Branch(integrationBranch), RefNames.Landed(milestoneId)], ct)
            .ConfigureAwait(false);
        var unmoved = now[0] == landed.Source && now[1] == landed.Commit && now[2] == landed.Record;
        // The branch must have done work of its own: shown by git's own merge changing the tree, else asked.
        if (!unmoved || (!landed.OwnWorkShown && await _repo.IsAncestorAsync(landed.Source, landed.Replaced, ct).ConfigureAwait(false)))
        {
            return await SafeRemoveAsync(branch, integrationBranch, ct).ConfigureAwait(false);
        }
        return await RemoveProvenAsync(branch, integrationBranch, landed.Source,
            $"{branch} at {landed.Source[..12]} is what {integrationBranch} just squash-merged as {landed.Commit[..12]}.", landed.Record, ct).ConfigureAwait(false);
    }

    /// <param name="record">The landing record, when known: deleted with the branch in one transaction; null: read and deleted after it.</param>
    private async Task<SafeRemoveResult> RemoveProvenAsync(string branch, string integrationBranch, string tip, string reason, string? record, CancellationToken ct)
    {
        var worktrees = new WorktreeManager(_repo.WorkDir);
        var worktree = await worktrees.FindByBranchAsync(branch, ct).ConfigureAwait(false);
        var worktreeRemoved = false;
        if (worktree is not null)
        {
            if (worktree.IsMain)
            {
                return new SafeRemoveResult(false, false, false, $"Kept {branch}: it is checked out in the main checkout {worktree.Path}.");
            }
            if (!worktree.IsPrunable && Directory.Exists(worktree.Path))
            {
                // gsd's own leftover temp files (a kill mid-write) are not the user's changes; RemoveCheckedAsync deletes them.
                var status = await new GitRepository(worktree.Path).StatusPorcelainAsync(includeUntracked: true, ct).ConfigureAwait(false);
                var changes = status.Where(e => !(e.IsUntracked && GsdPaths.IsGsdTempFile(e.Path))).ToList();
                if (changes.Count > 0)
                {
                    return new SafeRemoveResult(false, false, false,
                        $"Kept {branch} and its worktree {worktree.Path}: it has uncommitted changes ({changes.Count}: {WorktreeManager.Summarize(changes.Select(c => c.Path))}).");
                }
                await worktrees.RemoveCheckedAsync(worktree, status, ct).ConfigureAwait(false);
            }
            else
            {
                await worktrees.RemoveAsync(worktree.Path, ct).ConfigureAwait(false);
            }
            worktreeRemoved = true;
        }

        var milestoneId = MilestoneBranch.MilestoneOf(branch);
        var message = $"gsd: {branch} proven contained in {integrationBranch}";
        GitResult deleted;
        if (record is not null && milestoneId is not null)
        {
            // One transaction, each ref by compare-and-swap: both go, or neither.
            deleted = await _repo.Runner.TryRunAsync(["update-ref", "-m", message, "--stdin"],
                stdIn: $"delete {RefNames.Branch(branch)} {tip}\ndelete {RefNames.Landed(milestoneId)} {record}\n", ct: ct).ConfigureAwait(false);
        }
        else
        {
            deleted = await _repo.Runner.TryRunAsync(["update-ref", "-m", message, "-d", RefNames.Branch(branch), tip], ct: ct).ConfigureAwait(false);
        }
        if (!deleted.Success)
        {
            return new SafeRemoveResult(false, worktreeRemoved, false,
                $"Kept {branch}: it changed after the proof (git said: {deleted.StdErr.Trim()}).");
        }
        if (record is null && milestoneId is not null)
        {
            await new LandingRecord(_repo).DeleteAsync(milestoneId, ct).ConfigureAwait(false);
        }
        return new SafeRemoveResult(true, worktreeRemoved, true,
            $"Removed {branch}{(worktreeRemoved ? $" and its worktree {worktree!.Path}" : string.Empty)}: {reason}");
    }

}
