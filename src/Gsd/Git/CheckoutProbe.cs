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
}
