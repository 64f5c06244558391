using Gsd.Layout;
using Gsd.Git;

namespace Gsd.Merge;

/// <summary>
/// Moves a checked-out integration branch from <c>old</c> to <c>commit</c> (whose only parent is <c>old</c>) together
/// with its checkout, writing only the paths the merge changed (ARCHITECTURE §7). The caller has just checked that none
/// of those paths has a local change or an untracked file in the way, so the checkout holds <c>old</c>'s version of each:
/// <c>git restore --source=commit --staged --worktree</c> writes the new versions (and removes deleted files), then the
/// branch moves by compare-and-swap. Should the swap fail (the branch moved meanwhile), the same paths are restored from
/// <c>old</c> again, leaving the checkout as it was. A change too large for a path list uses <c>git merge --ff-only</c>
/// over the whole checkout, as git itself would.
/// </summary>
internal static class CheckoutFastForward
{
    /// <summary>
    /// True when the move is left to git's own <c>merge --ff-only</c> (a busy or sparse checkout, or too many paths):
    /// then the branch moves by itself, and refs that must move with it are the caller's to write first.
    /// </summary>
    public static bool TakesGitsFastForward(string checkout, int changedCount) =>
        changedCount > GitRepository.MaxPathArguments || !PlainCheckout(checkout);

    /// <param name="gitsFastForward">What <see cref="TakesGitsFastForward"/> said.</param>
    /// <param name="alsoUpdate">
    /// <c>update-ref --stdin</c> lines for refs that move in the same transaction as the branch (all or none); empty
    /// with <paramref name="gitsFastForward"/>.
    /// </param>
    public static async Task<GitResult> RunAsync(
        string checkout, string branchRef, string old, string commit, IReadOnlyList<string> changed, string reflogMessage,
        bool gitsFastForward, string alsoUpdate, CancellationToken ct)
    {
        var git = new GitRunner(checkout);
        if (HeadFile.TryReadHead(checkout) is { } head && head != "ref: " + branchRef)
        {
            // The caller's worktree list is a moment old: a checkout switched away meanwhile must not get the new files.
            return new GitResult(1, string.Empty, $"the checkout at {checkout} is no longer on {branchRef} (its HEAD is {head})");
        }
        if (gitsFastForward)
        {
            if (alsoUpdate.Length > 0)
            {
                throw new ArgumentException("git's fast-forward moves the branch alone", nameof(alsoUpdate));
            }
            // git checks the ref it read against the one it writes and refuses before touching anything if local changes would be overwritten.
            return await git.TryRunAsync(["merge", "--ff-only", "--no-autostash", "--no-stat", "--quiet", commit], ct: ct).ConfigureAwait(false);
        }
        var restored = await RestoreAsync(git, commit, changed, ct).ConfigureAwait(false);
        if (!restored.Success)
        {
            await RestoreAsync(git, old, changed, CancellationToken.None).ConfigureAwait(false);
            return restored;
        }
        // In the checkout's own directory, so its HEAD's reflog records the move as well.
        var moved = await git.TryRunAsync(["update-ref", "-m", reflogMessage, "--stdin"], stdIn: $"update {branchRef} {commit} {old}\n{alsoUpdate}", ct: CancellationToken.None)
            .ConfigureAwait(false);
        if (!moved.Success)
        {
            var back = await RestoreAsync(git, old, changed, CancellationToken.None).ConfigureAwait(false);
            if (!back.Success)
            {
                throw GitRepository.Failure(["restore", "--source=" + old], back, checkout);
            }
        }
        return moved;
    }

    /// <summary>
    /// No merge, cherry-pick, revert or rebase under way and no sparse checkout: git's own fast-forward refuses or
    /// handles those, so they take it.
    /// </summary>
    private static bool PlainCheckout(string checkout)
    {
        if (HeadFile.TryGitDir(checkout) is not { } gitDir)
        {
            return false;
        }
        // The stopped operations' markers from the one list, plus a bisect and a sparse checkout, which only this needs.
        string[] busy = [.. GitOperationMarkers.Files.Select(m => m.File), .. GitOperationMarkers.RebaseDirectories, "BISECT_LOG", "info/sparse-checkout"];
        var commonDir = HeadFile.CommonDir(gitDir);
        return !busy.Any(name => Path.Exists(Path.Combine(gitDir, name)) || Path.Exists(Path.Combine(commonDir, name)));
    }

    private static Task<GitResult> RestoreAsync(GitRunner git, string source, IReadOnlyList<string> paths, CancellationToken ct) =>
        git.TryRunAsync(
            ["--literal-pathspecs", "restore", "--source=" + source, "--staged", "--worktree", "--pathspec-from-file=-", "--pathspec-file-nul"],
            stdIn: string.Join('\0', paths) + "\0", ct: ct);
}
