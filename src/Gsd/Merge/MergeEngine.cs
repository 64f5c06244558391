using Gsd.Git;
using Gsd.IO;
using Gsd.Layout;

namespace Gsd.Merge;

/// <summary>
/// Squash-merges a milestone branch into its integration branch without touching the user's checkout, index or refs
/// until the result is known: the merge is computed with <c>git merge-tree</c>, <c>.gsd/</c> conflicts are resolved in a
/// private index, the commit is made with <c>commit-tree</c> (single parent), the optional pre-merge check runs in a
/// temporary worktree, and only then does the integration branch move — by compare-and-swap, together with its checkout
/// when it is checked out (a fast-forward that refuses to overwrite local changes). A conflict, a refusal or a failure
/// leaves everything exactly as it was. Unexpected git failures throw <see cref="GitException"/> (with git's stderr);
/// they too happen before anything the user sees has changed.
/// </summary>
public static class MergeEngine
{
    public static async Task<MergeResult> SquashMergeAsync(MergeRequest request, CancellationToken ct = default) =>
        (await MergeAsync(request, ct).ConfigureAwait(false)).Result;

    /// <summary><see cref="SquashMergeAsync"/>, with what a landing proves for the queue's cleanup and report (null unless merged now).</summary>
    internal static async Task<(MergeResult Result, LandedSquash? Landed)> MergeAsync(MergeRequest request, CancellationToken ct)
    {
        Validate(request);
        var mid = request.MilestoneId;
        var repo = new GitRepository(request.ProjectRoot);
        var landing = new LandingRecord(repo);

        // Every ref the merge starts from, read by one git process.
        List<string> revs = [RefNames.Branch(request.IntegrationBranch), RefNames.Branch(request.Branch), RefNames.Landed(mid)];
        if (request.ExpectedIntegrationTip is not null)
        {
            revs.Add(request.ExpectedIntegrationTip);
        }
        if (request.SourceCommit is not null)
        {
            revs.Add(request.SourceCommit);
        }
        var commits = await repo.CommitsOfAsync(revs, ct).ConfigureAwait(false);
        var (old, tip, record) = (commits[0], commits[1], commits[2]);
        if (old is null)
        {
            return (MergeResult.Failed(mid, $"Integration branch {request.IntegrationBranch} does not exist in {repo.WorkDir}; nothing was changed."), null);
        }
        if (request.ExpectedIntegrationTip is not null)
        {
            var expected = commits[3] ?? request.ExpectedIntegrationTip;
            if (expected != old)
            {
                return (MergeResult.Failed(mid, Moved(request, expected, old)), null);
            }
        }
        if (tip is null)
        {
            return (MergeResult.Failed(mid, $"Branch {request.Branch} does not exist in {repo.WorkDir}; there is nothing to merge for {mid}."), null);
        }
        var source = tip;
        if (request.SourceCommit is not null)
        {
            source = commits[^1] ?? string.Empty;
            if (source.Length == 0 || !await repo.IsAncestorAsync(source, tip, ct).ConfigureAwait(false))
            {
                return (MergeResult.Failed(mid, $"Commit {request.SourceCommit} is not on branch {request.Branch}; nothing was changed."), null);
            }
        }

        var mergeBase = await landing.FindBaseFromAsync(record, old, source, ct).ConfigureAwait(false);
        var merge = await new TreeMerger(repo).MergeAsync(old, source, mid, mergeBase, ct).ConfigureAwait(false);
        if (merge.HasCodeConflicts)
        {
            return (MergeResult.Conflict(mid, merge.CodeConflicts, await ResolveHintAsync(repo, request, merge.CodeConflicts, ct).ConfigureAwait(false)), null);
        }
        // No path differs: the merged tree is the integration branch's own.
        var changed = await repo.ChangedFilesAsync(old, merge.Tree, ct).ConfigureAwait(false);
        if (changed.Count == 0)
        {
            return (MergeResult.Skipped(mid, $"Nothing to merge: {request.IntegrationBranch} already has everything on {request.Branch}."), null);
        }

        var worktrees = await new WorktreeManager(request.ProjectRoot).ListAsync(ct).ConfigureAwait(false);
        var refusal = await DirtyCheckoutRefusalAsync(CheckoutOf(worktrees, request.IntegrationBranch), request, changed, merge.Tree, ct).ConfigureAwait(false);
        if (refusal is not null)
        {
            return (MergeResult.Failed(mid, refusal), null);
        }

        var commit = (await repo.Runner.RunAsync(["commit-tree", merge.Tree, "-p", old], stdIn: NormalizeMessage(request.CommitMessage), ct: ct)
            .ConfigureAwait(false)).Trim();

        if (!string.IsNullOrWhiteSpace(request.PreMergeCheck))
        {
            var check = await new PreMergeCheckRunner(repo).RunAsync(mid, commit, request.PreMergeCheck, ct).ConfigureAwait(false);
            if (!check.Passed)
            {
                return (MergeResult.Failed(mid,
                    $"Pre-merge check failed (exit {check.ExitCode}) on the merged result of {mid}: {request.PreMergeCheck}\n"
                    + $"{request.IntegrationBranch} was not changed. Last lines of its output:\n{check.OutputTail}"), null);
            }
            // The check may have taken a while; the user may have edited files (or switched branches) meanwhile.
            worktrees = await new WorktreeManager(request.ProjectRoot).ListAsync(ct).ConfigureAwait(false);
            refusal = await DirtyCheckoutRefusalAsync(CheckoutOf(worktrees, request.IntegrationBranch), request, changed, merge.Tree, ct).ConfigureAwait(false);
            if (refusal is not null)
            {
                return (MergeResult.Failed(mid, refusal), null);
            }
        }

        return await LandAsync(repo, landing, request, worktrees, old, source, commit, record, mergeBase is null, changed, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Per-slice landing: squash-merges <paramref name="sliceCommit"/> (a commit on the branch, typically the one that
    /// completed the slice) while the worker goes on. Each landing is recorded, so the next slice and the final merge
    /// of the same branch only bring what came after it and never conflict with what already landed.
    /// </summary>
    public static Task<MergeResult> LandSliceAsync(MergeRequest request, string sliceCommit, CancellationToken ct = default) =>
        SquashMergeAsync(request with { SourceCommit = sliceCommit }, ct);

    private static WorktreeInfo? CheckoutOf(IReadOnlyList<WorktreeInfo> worktrees, string branch) =>
        worktrees.FirstOrDefault(w => w.Branch == RefNames.Branch(branch));

    /// <param name="worktrees">The worktree list the dirty-checkout check just used (the checkout it judged is the one moved).</param>
    /// <param name="record">The landing record read at the start, under the merge lock; the new one replaces it by compare-and-swap.</param>
    /// <param name="gitsOwnBase">The merge used git's own merge base (no earlier landing of this branch stood in for it).</param>
    private static async Task<(MergeResult, LandedSquash?)> LandAsync(
        GitRepository repo, LandingRecord landing, MergeRequest request, IReadOnlyList<WorktreeInfo> worktrees, string old, string source, string commit,
        string? record, bool gitsOwnBase, IReadOnlyList<string> changed, CancellationToken ct)
    {
        var mid = request.MilestoneId;
        var integrationRef = RefNames.Branch(request.IntegrationBranch);
        var checkout = CheckoutOf(worktrees, request.IntegrationBranch);
        if (checkout is not null)
        {
            // Before the checkout's files are written the branch must still be where the merge started (the ref's own
            // compare-and-swap comes after them). Its loose ref file says so without a git process; else git is asked.
            var current = HeadFile.TryReadBranchRef(checkout.Path, integrationRef) ?? await repo.CommitOfAsync(integrationRef, ct).ConfigureAwait(false);
            if (current != old)
            {
                return (MergeResult.Failed(mid, Moved(request, old, current)), null);
            }
        }
        // Without a checkout, update-ref's compare-and-swap is the check: a branch that moved is reported as such below.
        if (checkout is null && await WorktreeManager.FindRebasingAsync(worktrees, request.IntegrationBranch, ct).ConfigureAwait(false) is { } rebasing)
        {
            return (MergeResult.Failed(mid,
                $"Refusing to merge {mid}: {request.IntegrationBranch} is being rebased in {rebasing.Path}. Finish or abort the rebase, then run `gsd parallel merge {mid}` again. Nothing was changed."), null);
        }

        // The landing record moves in the same update-ref transaction as the branch (both or neither), except under git's
        // own fast-forward, which moves the branch alone: there it is written first and taken back if the move fails.
        var gitsFastForward = checkout is not null && CheckoutFastForward.TakesGitsFastForward(checkout.Path, changed.Count);
        var newRecord = gitsFastForward
            ? await landing.WriteAsync(mid, source, commit, record, ct).ConfigureAwait(false)
            : await landing.CreateAsync(mid, source, commit, record, ct).ConfigureAwait(false);
        var recordUpdate = gitsFastForward ? string.Empty : LandingRecord.UpdateLine(mid, newRecord, record);
        var landed = false;
        try
        {
            GitResult result;
            if (checkout is null)
            {
                result = await repo.Runner.TryRunAsync(["update-ref", "-m", $"gsd: squash-merge {mid}", "--stdin"],
                    stdIn: $"update {integrationRef} {commit} {old}\n{recordUpdate}", ct: ct).ConfigureAwait(false);
            }
            else
            {
                result = await CheckoutFastForward.RunAsync(checkout.Path, integrationRef, old, commit, changed, $"gsd: squash-merge {mid}",
                    gitsFastForward, recordUpdate, ct).ConfigureAwait(false);
            }
            if (!result.Success)
            {
                var now = await repo.CommitOfAsync(integrationRef, ct).ConfigureAwait(false);
                return (now != old
                    ? MergeResult.Failed(mid, Moved(request, old, now))
                    : MergeResult.Failed(mid, $"Could not move {request.IntegrationBranch}"
                        + (checkout is null ? string.Empty : $" in the checkout at {checkout.Path}")
                        + $"; nothing was changed. git said: {(result.StdErr.Length > 0 ? result.StdErr : result.StdOut).Trim()}"), null);
            }
            // Both ways of moving it are compare-and-swaps from old to commit (update-ref <new> <old>; git's fast-forward
            // to exactly that commit): succeeding, the branch is at commit.
            landed = true;
            return (MergeResult.Merged(mid, commit), new LandedSquash(source, old, commit, newRecord, changed, OwnWorkShown: gitsOwnBase));
        }
        finally
        {
            if (!landed && gitsFastForward)
            {
                await landing.RestoreAsync(mid, record, newRecord, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A refusal message when the integration branch's checkout has uncommitted changes to files the merge would change, or untracked files where it would write.</summary>
    /// <param name="tree">The merged tree: paths whose index and file already hold it are an interrupted landing's, not the user's.</param>
    private static async Task<string?> DirtyCheckoutRefusalAsync(WorktreeInfo? checkout, MergeRequest request, IReadOnlyList<string> changed, string tree, CancellationToken ct)
    {
        if (checkout is null)
        {
            return null;
        }
        var touched = changed.ToHashSet(StringComparer.Ordinal);
        // Untracked files count too: git would refuse to overwrite them, but only after writing ORIG_HEAD. Only the
        // touched paths are asked about, so a 10,000-file checkout is not scanned whole for a merge of a few files.
        var status = await new GitRepository(checkout.Path).StatusOfPathsAsync(touched, ct).ConfigureAwait(false);
        var overlap = status.Where(s => s.IsTrackedChange).SelectMany(s => s.Paths).Where(touched.Contains).Distinct(StringComparer.Ordinal).ToList();
        var untracked = status.Where(s => s.IsUntracked).Select(s => s.Path).Where(touched.Contains).Distinct(StringComparer.Ordinal).ToList();
        if (overlap.Count == 0 && untracked.Count == 0)
        {
            return null;
        }
        var ours = await InterruptedLanding.AlreadyWrittenAsync(checkout.Path, tree, [.. overlap.Concat(untracked).Distinct(StringComparer.Ordinal)], ct).ConfigureAwait(false);
        overlap.RemoveAll(ours.Contains);
        untracked.RemoveAll(ours.Contains);
        if (overlap.Count == 0 && untracked.Count == 0)
        {
            return null;
        }
        var what = new List<string>();
        if (overlap.Count > 0)
        {
            what.Add($"uncommitted changes to {overlap.Count} file(s) the merge would change: {WorktreeManager.Summarize(overlap)}");
        }
        if (untracked.Count > 0)
        {
            what.Add($"{untracked.Count} untracked file(s) the merge would overwrite: {WorktreeManager.Summarize(untracked)}");
        }
        return $"Refusing to merge {request.MilestoneId}: the checkout of {request.IntegrationBranch} at {checkout.Path} has {string.Join("; and ", what)}. "
            + $"Commit, stash or move them, then run `gsd parallel merge {request.MilestoneId}` again. Nothing was changed.";
    }

    private static async Task<string> ResolveHintAsync(GitRepository repo, MergeRequest request, IReadOnlyList<string> files, CancellationToken ct)
    {
        var worktree = await new WorktreeManager(request.ProjectRoot).FindByBranchAsync(request.Branch, ct).ConfigureAwait(false);
        string enter;
        if (worktree is not null)
        {
            enter = $"cd {ShellQuote(worktree.IsMain ? repo.WorkDir : PathIdentity.ForDisplay(repo.WorkDir, worktree.Path))}";
        }
        else
        {
            var path = ShellQuote(PathIdentity.ForDisplay(repo.WorkDir, new ParallelPaths(repo.WorkDir).Worktree(request.MilestoneId)));
            enter = $"git worktree add {path} {ShellQuote(request.Branch)} && cd {path}";
        }
        return string.Join('\n',
            $"{enter} && git merge {ShellQuote(request.IntegrationBranch)}",
            $"# fix the conflicts in: {string.Join(", ", files)}",
            "git add -A && git commit --no-edit",
            $"cd {ShellQuote(repo.WorkDir)} && gsd parallel merge {request.MilestoneId}");
    }

    private static void Validate(MergeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!MilestoneId.IsValid(request.MilestoneId))
        {
            throw new ArgumentException($"'{request.MilestoneId}' is not a milestone id (M###).", nameof(request));
        }
        RefNames.EnsureSafe(request.Branch, nameof(request));
        RefNames.EnsureSafe(request.IntegrationBranch, nameof(request));
        if (request.SourceCommit is not null)
        {
            RefNames.EnsureSafe(request.SourceCommit, nameof(request));
        }
        if (string.IsNullOrWhiteSpace(request.CommitMessage))
        {
            throw new ArgumentException($"The commit message for {request.MilestoneId} is empty.", nameof(request));
        }
    }

    private static string Moved(MergeRequest request, string expected, string? actual) =>
        $"Integration branch {request.IntegrationBranch} moved during the merge of {request.MilestoneId} "
        + $"(expected {Short(expected)}, found {(actual is null ? "no branch" : Short(actual))}); nothing was changed. Run the merge again.";

    private static string Short(string id) => id.Length > 12 ? id[..12] : id;

    private static string NormalizeMessage(string message) => message.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n";

    private static string ShellQuote(string value) =>
        value.All(c => char.IsAsciiLetterOrDigit(c) || "/._-+:@%".Contains(c, StringComparison.Ordinal))
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
