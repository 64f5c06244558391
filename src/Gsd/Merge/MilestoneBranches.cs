using Gsd.Git;
using Gsd.Layout;
using Gsd.Planning;
using Gsd.Preferences;

namespace Gsd.Merge;

/// <summary>
/// Milestone branches as committed (never the worktree's uncommitted files), read once per branch tip, and the integration
/// branch each one lands on. Shared by the queue and slice landing, so one run reads a branch once.
/// </summary>
internal sealed class MilestoneBranches(ParallelPaths paths, GsdPreferences prefs)
{
    private readonly Dictionary<string, BranchMilestone> _cache = new(StringComparer.Ordinal);

    /// <summary>The milestone as committed on its branch; null when there is no branch or it holds no such milestone.</summary>
    public async Task<BranchMilestone?> LoadAsync(string id, CancellationToken ct)
    {
        var tip = await new GitRepository(paths.ProjectRoot).CommitOfAsync("refs/heads/" + MilestoneBranch.Name(id), ct).ConfigureAwait(false);
        return tip is null ? null : await LoadAtAsync(id, tip, ct).ConfigureAwait(false);
    }

    /// <summary>The milestone as committed in <paramref name="tip"/>, the branch's commit the caller just read (for-each-ref lists every tip at once).</summary>
    public async Task<BranchMilestone?> LoadAtAsync(string id, string tip, CancellationToken ct)
    {
        if (_cache.TryGetValue(id, out var cached) && cached.Tip == tip)
        {
            return cached;
        }
        var loaded = await BranchMilestone.LoadAtAsync(paths.ProjectRoot, id, tip, ct).ConfigureAwait(false);
        if (loaded is not null)
        {
            _cache[id] = loaded;
        }
        return loaded;
    }

    /// <summary>The branch's committed META, else the worktree's META, else git.main_branch, else the root's checked-out branch.</summary>
    public async Task<string> IntegrationBranchAsync(string id, BranchMilestone? snapshot, CancellationToken ct)
    {
        if (snapshot?.Milestone.IntegrationBranch is { Length: > 0 } committed)
        {
            return committed;
        }
        if (Directory.Exists(paths.Worktree(id)) && File.Exists(GsdPaths.MetaFile(paths.Worktree(id), id)))
        {
            try
            {
                if (PlanningLoader.LoadMilestone(paths.Worktree(id), id).IntegrationBranch is { Length: > 0 } fromWorktree)
                {
                    return fromWorktree;
                }
            }
            catch (GsdException)
            {
                // The worktree's planning files are the worker's; fall back to the preference or the checked-out branch.
            }
        }
        ct.ThrowIfCancellationRequested();
        return await new WorktreeProvisioner(paths, prefs).IntegrationBranchAsync(new GitRepository(paths.ProjectRoot)).ConfigureAwait(false);
    }
}
