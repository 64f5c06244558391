using Gsd.Layout;

namespace Gsd.Git;

/// <summary>What a directory is to git.</summary>
public enum CheckoutKind
{
    NotARepository,
    BareRepository,
    InsideGitDirectory,
    WorkTree,
}

/// <summary>Tells whether a directory is in a git checkout — what <c>gsd init</c> needs, since every milestone lives on a branch.</summary>
public static class CheckoutProbe
{
    /// <exception cref="GitException">git failed for another reason than "not a git repository" (its message says why).</exception>
    public static async Task<CheckoutKind> ProbeAsync(string directory, CancellationToken ct = default)
    {
        var result = await new GitRunner(directory)
            .TryRunAsync(["rev-parse", "--is-bare-repository", "--is-inside-git-dir", "--is-inside-work-tree"], ct: ct).ConfigureAwait(false);
        if (!result.Success)
        {
            return result.StdErr.Contains("not a git repository", StringComparison.OrdinalIgnoreCase)
                ? CheckoutKind.NotARepository
                : throw new GitException("git rev-parse", directory, result.ExitCode, result.StdErr);
        }
        var answers = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return answers switch
        {
            ["true", ..] => CheckoutKind.BareRepository,
            [_, "true", ..] => CheckoutKind.InsideGitDirectory,
            [_, _, "true"] => CheckoutKind.WorkTree,
            _ => CheckoutKind.NotARepository,
        };
    }

    /// <summary>Throws (exit 2) unless <paramref name="directory"/> is in a git working tree, saying what to do instead.</summary>
    public static async Task RequireWorkTreeForInitAsync(string directory, CancellationToken ct = default)
    {
        var kind = await ProbeAsync(directory, ct).ConfigureAwait(false);
        var message = kind switch
        {
            CheckoutKind.NotARepository =>
                $"{directory} is not in a git repository, and gsd keeps each milestone on a git branch. Run `git init` here first (and commit something), then `gsd init`.",
            CheckoutKind.BareRepository =>
                $"{directory} is a bare git repository: it has no working tree for gsd's files or the agents' work. Clone it (`git clone {directory} <dir>`) and run `gsd init` in the clone.",
            CheckoutKind.InsideGitDirectory =>
                $"{directory} is inside a repository's .git directory. Run `gsd init` in the working tree instead.",
            _ => null,
        };
        if (message is not null)
        {
            throw new GsdException(message, ExitCodes.Usage);
        }
    }

    /// <summary>
    /// Throws (exit 2) when units cannot safely commit in <paramref name="checkout"/>: a detached HEAD (its commits would be
    /// on no branch, easy to lose), a merge, rebase, cherry-pick or revert in progress (a unit's commit would finish or
    /// mix with it), or git's index lock held (the unit's work could not be committed — found before the agent is paid).
    /// </summary>
    public static async Task RequireReadyForUnitsAsync(string checkout, CancellationToken ct = default)
    {
        var git = new GitRunner(checkout);
        var gitDir = (await git.RunAsync(["rev-parse", "--absolute-git-dir"], ct: ct).ConfigureAwait(false)).Trim();
        if (GitOperationMarkers.InProgress(gitDir) is { } operation)
        {
            var (finish, abort) = operation switch
            {
                "rebase" => ("git rebase --continue", "git rebase --abort"),
                "merge" => ("git commit", "git merge --abort"),
                _ => ($"git {operation} --continue", $"git {operation} --abort"),
            };
            throw new GsdException(
                $"{checkout}: a {operation} is in progress, and a unit's commit would land in the middle of it. Finish it (`{finish}`) or give it up (`{abort}`), then run the command again.",
                ExitCodes.Usage);
        }
        var head = await git.TryRunAsync(["symbolic-ref", "-q", "HEAD"], ct: ct).ConfigureAwait(false);
        if (!head.Success)
        {
            throw new GsdException(
                $"{checkout}: HEAD is detached, so the units' commits would be on no branch and easy to lose. Check out a branch (`git switch <branch>`, or `git switch -c <new-branch>` to keep this commit), then run the command again.",
                ExitCodes.Usage);
        }
        var indexLock = Path.Combine(gitDir, "index.lock");
        if (File.Exists(indexLock))
        {
            throw new GsdException(
                $"{indexLock} exists: another git process is working in {checkout}, or one crashed. Wait for it to finish; if no git process is running, remove the file (`gsd doctor --fix` removes one over a minute old), then run the command again.");
        }
    }

    /// <summary>
    /// Throws (exit 2) before any worker starts when milestones would have no branch to start from and merge into:
    /// <paramref name="mainBranch"/> (git.main_branch) names no branch, or, unset, HEAD is detached or has no commit yet.
    /// </summary>
    public static async Task RequireIntegrationBranchAsync(string root, string? mainBranch, CancellationToken ct = default)
    {
        var git = new GitRunner(root);
        if (mainBranch is not null)
        {
            if (!(await git.TryRunAsync(["rev-parse", "--verify", "--quiet", $"refs/heads/{mainBranch}^{{commit}}"], ct: ct).ConfigureAwait(false)).Success)
            {
                throw new GsdException(
                    $"git.main_branch: {mainBranch} — there is no branch {mainBranch} in {root}, so milestones have nothing to start from or merge into. Create it, or change git.main_branch in .gsd/PREFERENCES.md.",
                    ExitCodes.Usage);
            }
            return;
        }
        if (!(await git.TryRunAsync(["symbolic-ref", "-q", "HEAD"], ct: ct).ConfigureAwait(false)).Success)
        {
            throw new GsdException(
                $"{root}: HEAD is detached, so milestones have no branch to merge into. Check out that branch (`git switch main`), or set git.main_branch in .gsd/PREFERENCES.md.",
                ExitCodes.Usage);
        }
        if (!(await git.TryRunAsync(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], ct: ct).ConfigureAwait(false)).Success)
        {
            throw new GsdException(
                $"{root}: the branch checked out has no commit yet, so milestones have nothing to start from. Commit something first (`git add -A && git commit -m init`).",
                ExitCodes.Usage);
        }
    }

}
