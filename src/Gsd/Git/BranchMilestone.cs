using Gsd.Layout;
using Gsd.Planning;

namespace Gsd.Git;

/// <summary>
/// A milestone as committed on its branch <c>milestone/&lt;MID&gt;</c> at <paramref name="Tip"/> — what a merge would land —
/// rather than as its worktree happens to look (uncommitted files, or no worktree at all).
/// </summary>
public sealed record BranchMilestone(string Tip, Milestone Milestone)
{
    /// <summary>Null when the branch does not exist or holds no <c>.gsd/milestones/&lt;MID&gt;/</c>.</summary>
    public static async Task<BranchMilestone?> LoadAsync(string projectRoot, string milestoneId, CancellationToken ct = default)
    {
        var repo = new GitRepository(projectRoot);
        var tip = await repo.CommitOfAsync("refs/heads/" + MilestoneBranch.Name(milestoneId), ct).ConfigureAwait(false);
        return tip is null ? null : await LoadAtAsync(projectRoot, milestoneId, tip, ct).ConfigureAwait(false);
    }

    /// <summary>The milestone as committed in <paramref name="tip"/> (a commit the caller just read from the branch); null when it holds no such milestone.</summary>
    public static async Task<BranchMilestone?> LoadAtAsync(string projectRoot, string milestoneId, string tip, CancellationToken ct = default)
    {
        var scratch = Path.Combine(Path.GetTempPath(), $"gsd-branch-{milestoneId}-{Guid.NewGuid():N}");
        try
        {
            if (!await new BranchQueries(projectRoot).ExtractAsync(tip, $".gsd/milestones/{milestoneId}", scratch, ct).ConfigureAwait(false))
            {
                return null;
            }
            return new BranchMilestone(tip, PlanningLoader.LoadMilestone(scratch, milestoneId));
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new GsdException($"Cannot read .gsd/milestones/{milestoneId}/ as committed on {MilestoneBranch.Name(milestoneId)} ({tip[..12]}): {ex.Message}");
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }
}
