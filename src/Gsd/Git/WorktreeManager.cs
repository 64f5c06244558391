using Gsd.IO;
using Gsd.Layout;

namespace Gsd.Git;

/// <summary>Creates, lists and removes the milestone worktrees of one repository. Never forces: a dirty worktree is never removed.</summary>
public sealed class WorktreeManager
{
    private readonly GitRepository _repo;

    public WorktreeManager(string projectRoot)
    {
        _repo = new GitRepository(projectRoot);
    }

    public string ProjectRoot => _repo.WorkDir;

    /// <summary><c>.gsd/worktrees/&lt;MID&gt;/</c> on <c>milestone/&lt;MID&gt;</c>, starting from (or fast-forwarded to) the integration branch.</summary>
    public Task<WorktreeAddResult> AddMilestoneAsync(string milestoneId, string integrationBranch, CancellationToken ct = default) =>
        AddAsync(new ParallelPaths(ProjectRoot).Worktree(milestoneId), MilestoneBranch.Name(milestoneId), integrationBranch, ct);

    /// <summary>
    /// Adds a worktree at <paramref name="path"/> (relative paths are under the project root) on <paramref name="branch"/>.
    /// A new branch starts at <paramref name="startPoint"/>; an existing one is reused, and fast-forwarded to the start point
    /// only when it is strictly behind it; a diverged branch is left as it is. Git's own error surfaces as a <see cref="GitException"/>
    /// (e.g. the branch is checked out elsewhere, the directory exists).
    /// </summary>
    public async Task<WorktreeAddResult> AddAsync(string path, string branch, string startPoint, CancellationToken ct = default) =>
        await CheckOutAsync(await AddWithoutCheckoutAsync(path, branch, startPoint, ct).ConfigureAwait(false), ct).ConfigureAwait(false);

    // git 2.39's `worktree add` reads every other worktree's record and fails on one another `worktree add` is still
    // writing ("failed to read .git/worktrees/…/commondir"), so registrations go one at a time; checkouts may overlap.
    private static readonly SemaphoreSlim AddLock = new(1, 1);

    /// <summary>
    /// The first half of <see cref="AddAsync"/>: registers the worktree and its branch with <c>git worktree add --no-checkout</c>,
    /// one registration at a time in this process. Cheap; the files are written by <see cref="CheckOutAsync"/>, which may
    /// run for several worktrees side by side (ARCHITECTURE §6).
    /// </summary>
    public async Task<PendingWorktree> AddWithoutCheckoutAsync(string path, string branch, string startPoint, CancellationToken ct = default)
    {
        RefNames.EnsureSafe(branch, nameof(branch));
        RefNames.EnsureSafe(startPoint, nameof(startPoint));
        var full = Path.GetFullPath(path, ProjectRoot);
        var start = await _repo.CommitOfAsync(startPoint, ct).ConfigureAwait(false)
            ?? throw new GsdException($"Cannot create worktree {full}: start point '{startPoint}' is not a commit in {ProjectRoot}.");

        await AddLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var existing = (await ListAsync(ct).ConfigureAwait(false)).FirstOrDefault(w => PathIdentity.Same(w.Path, full));
            if (existing is not null)
            {
                if (existing.IsPrunable)
                {
                    // Git still records a worktree whose directory is gone; forget it so it can be made again.
                    await PruneAsync(ct).ConfigureAwait(false);
                }
                else if (existing.Branch == RefNames.Branch(branch))
                {
                    return new PendingWorktree(existing.Path, branch, start, null,
                        new WorktreeAddResult(existing.Path, branch, WorktreeBranchAction.AlreadyPresent, existing.Head ?? start));
                }
                else
                {
                    throw new GsdException($"Cannot create worktree {full}: it is already a worktree on {existing.BranchName ?? "a detached HEAD"}, not {branch}.");
                }
            }

            if (!await _repo.BranchExistsAsync(branch, ct).ConfigureAwait(false))
            {
                await _repo.Runner.RunAsync(["worktree", "add", "--quiet", "--no-checkout", "-b", branch, "--", full, start], ct: ct).ConfigureAwait(false);
                return new PendingWorktree(full, branch, start, null, null);
            }

            var tip = await _repo.CommitOfAsync(RefNames.Branch(branch), ct).ConfigureAwait(false)
                ?? throw new GitException($"branch {branch} vanished while its worktree was being created in {ProjectRoot}");
            await _repo.Runner.RunAsync(["worktree", "add", "--quiet", "--no-checkout", "--", full, branch], ct: ct).ConfigureAwait(false);
            return new PendingWorktree(full, branch, start, tip, null);
        }
        finally
        {
            AddLock.Release();
        }
    }

    /// <summary>
    /// The second half of <see cref="AddAsync"/>: writes the worktree's files (<c>git checkout -f</c>, which also runs a
    /// post-checkout hook as <c>worktree add</c> would), then reuses or fast-forwards an existing branch. A checkout that
    /// fails leaves nothing half made: the worktree is removed again (and a branch it had just created deleted), and
    /// git's error surfaces.
    /// </summary>
    public async Task<WorktreeAddResult> CheckOutAsync(PendingWorktree pending, CancellationToken ct = default)
    {
        if (pending.Present is { } present)
        {
            return present;
        }
        var full = pending.Path;
        string[] checkoutArgs = ["checkout", "-f", "--quiet"];
        var checkout = await new GitRunner(full).TryRunAsync(checkoutArgs, ct: ct).ConfigureAwait(false);
        if (!checkout.Success)
        {
            await UndoAddAsync(pending).ConfigureAwait(false);
            throw GitRepository.Failure(checkoutArgs, checkout, full);
        }
        if (pending.Tip is not { } tip)
        {
            return new WorktreeAddResult(full, pending.Branch, WorktreeBranchAction.Created, pending.Start);
        }
        var start = pending.Start;
        if (await _repo.IsAncestorAsync(start, tip, ct).ConfigureAwait(false))
        {
            return new WorktreeAddResult(full, pending.Branch, WorktreeBranchAction.Reused, tip);
        }
        if (await _repo.IsAncestorAsync(tip, start, ct).ConfigureAwait(false))
        {
            // Strictly behind: move it forward inside the fresh (clean) worktree, so ref and checkout move together.
            await new GitRunner(full).RunAsync(["merge", "--ff-only", "--no-autostash", "--quiet", start], ct: ct).ConfigureAwait(false);
            return new WorktreeAddResult(full, pending.Branch, WorktreeBranchAction.FastForwarded, start);
        }
        return new WorktreeAddResult(full, pending.Branch, WorktreeBranchAction.Diverged, tip);
    }

    /// <summary>Takes back a registration whose checkout failed (or never ran): its files are git's own partial checkout, never the user's.</summary>
    internal async Task UndoAddAsync(PendingWorktree pending)
    {
        await AddLock.WaitAsync().ConfigureAwait(false);
        try
        {
            var removed = await _repo.Runner.TryRunAsync(["worktree", "remove", "--force", "--", pending.Path]).ConfigureAwait(false);
            if (!removed.Success)
            {
                return;
            }
            if (pending.Tip is null)
            {
                // Only the branch this add created, and only while it is still where it was created.
                await _repo.Runner.TryRunAsync(["update-ref", "-d", RefNames.Branch(pending.Branch), pending.Start]).ConfigureAwait(false);
            }
        }
        finally
        {
            AddLock.Release();
        }
    }

    /// <summary>Every worktree git knows, the main one first.</summary>
    public Task<IReadOnlyList<WorktreeInfo>> ListAsync(CancellationToken ct = default) => _repo.WorktreesAsync(ct);

    /// <summary>The worktree that has <paramref name="branch"/> checked out, or null.</summary>
    public async Task<WorktreeInfo?> FindByBranchAsync(string branch, CancellationToken ct = default) =>
        (await ListAsync(ct).ConfigureAwait(false)).FirstOrDefault(w => w.Branch == RefNames.Branch(branch));

    /// <summary>
    /// The worktree where <paramref name="branch"/> is being rebased (its HEAD detached meanwhile), or null. Moving the
    /// branch under a rebase would make the rebase fail at its end, so callers refuse instead.
    /// </summary>
    public async Task<WorktreeInfo?> FindRebasingAsync(string branch, CancellationToken ct = default) =>
        await FindRebasingAsync(await ListAsync(ct).ConfigureAwait(false), branch, ct).ConfigureAwait(false);

    /// <summary><see cref="FindRebasingAsync(string, CancellationToken)"/> among worktrees the caller just listed.</summary>
    public static async Task<WorktreeInfo?> FindRebasingAsync(IReadOnlyList<WorktreeInfo> worktrees, string branch, CancellationToken ct = default)
    {
        foreach (var worktree in worktrees)
        {
            if (!worktree.IsDetached || worktree.IsPrunable || !Directory.Exists(worktree.Path))
            {
                continue;
            }
            var gitDir = (await new GitRunner(worktree.Path).RunAsync(["rev-parse", "--absolute-git-dir"], ct: ct).ConfigureAwait(false)).Trim();
            foreach (var state in new[] { "rebase-merge", "rebase-apply" })
            {
                var headName = Path.Combine(gitDir, state, "head-name");
                if (File.Exists(headName) && (await File.ReadAllTextAsync(headName, ct).ConfigureAwait(false)).Trim() == RefNames.Branch(branch))
                {
                    return worktree;
                }
            }
        }
        return null;
    }

    /// <summary>
    /// Removes a linked worktree only when it is clean (no staged, unstaged or untracked change); otherwise throws a
    /// <see cref="GsdException"/> naming the changed files and leaves everything in place. A worktree whose directory is
    /// already gone is pruned.
    /// </summary>
    public async Task RemoveAsync(string path, CancellationToken ct = default)
    {
        var full = Path.GetFullPath(path, ProjectRoot);
        var entry = (await ListAsync(ct).ConfigureAwait(false)).FirstOrDefault(w => PathIdentity.Same(w.Path, full))
            ?? throw new GsdException($"Cannot remove {full}: it is not a worktree of {ProjectRoot}.");
        if (entry.IsMain)
        {
            throw new GsdException($"Cannot remove {full}: it is the main checkout of the repository.");
        }
        if (entry.IsPrunable || !Directory.Exists(full))
        {
            await PruneAsync(ct).ConfigureAwait(false);
            return;
        }
        var checkout = new GitRepository(full);
        var changes = await checkout.UserChangesAsync(ct).ConfigureAwait(false);
        if (changes.Count > 0)
        {
            throw new GsdException(
                $"Not removing worktree {full}: it has uncommitted changes ({changes.Count}: {Summarize(changes.Select(c => c.Path))}). Commit or discard them first.");
        }
        // A killed gsd write's temp file is gsd's own, but untracked: git would refuse to remove the worktree for it.
        await checkout.DeleteLeftoverTempFilesAsync(ct).ConfigureAwait(false);
        await _repo.Runner.RunAsync(["worktree", "remove", "--", full], ct: ct).ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="RemoveAsync"/> for a linked worktree the caller just listed and whose <paramref name="status"/> it just read
    /// and found without user changes: deletes gsd's own leftover temp files named there, then <c>git worktree remove</c>
    /// (never forced: git itself refuses a worktree that changed meanwhile). Saves the list and two status scans
    /// <see cref="RemoveAsync"/> would repeat.
    /// </summary>
    public async Task RemoveCheckedAsync(WorktreeInfo entry, IReadOnlyList<StatusEntry> status, CancellationToken ct = default)
    {
        if (entry.IsMain)
        {
            throw new GsdException($"Cannot remove {entry.Path}: it is the main checkout of the repository.");
        }
        foreach (var leftover in status.Where(e => e.IsUntracked && GsdPaths.IsGsdTempFile(e.Path)))
        {
            File.Delete(Path.Combine(entry.Path, leftover.Path));
        }
        await _repo.Runner.RunAsync(["worktree", "remove", "--", entry.Path], ct: ct).ConfigureAwait(false);
    }

    /// <summary>Forgets worktrees whose directories are gone (<c>git worktree prune</c>).</summary>
    public async Task PruneAsync(CancellationToken ct = default) =>
        await _repo.Runner.RunAsync(["worktree", "prune"], ct: ct).ConfigureAwait(false);

    internal static string Summarize(IEnumerable<string> paths, int max = 10)
    {
        var list = paths.ToList();
        return list.Count <= max ? string.Join(", ", list) : string.Join(", ", list.Take(max)) + $", … ({list.Count - max} more)";
    }
}
