using Gsd.Layout;

namespace Gsd.Git;

/// <summary>
/// Where git holds work of a milestone outside its planning files: its branch <c>milestone/MID</c> and a worktree on it.
/// What <c>gsd milestone discard</c> refuses to throw away.
/// </summary>
public static class MilestoneWork
{
    /// <summary>One sentence per place that holds the milestone's work (empty: it was never started in git).</summary>
    public static async Task<IReadOnlyList<string>> FindAsync(string projectRoot, string milestoneId, CancellationToken ct = default)
    {
        MilestoneId.Require(milestoneId);
        var repo = new GitRepository(projectRoot);
        var branch = MilestoneBranch.Name(milestoneId);
        var found = new List<string>();
        if (await repo.BranchExistsAsync(branch, ct).ConfigureAwait(false))
        {
            var head = await repo.CommitOfAsync("HEAD", ct).ConfigureAwait(false);
            var own = head is null ? 0 : await repo.CountCommitsAsync(head, branch, ct).ConfigureAwait(false);
            found.Add($"branch {branch} exists ({own} commit(s) not on HEAD)");
        }
        foreach (var worktree in await repo.WorktreesAsync(ct).ConfigureAwait(false))
        {
            if (worktree.BranchName == branch)
            {
                found.Add($"worktree {worktree.Path} is on {branch}");
            }
        }
        return found;
    }
}
