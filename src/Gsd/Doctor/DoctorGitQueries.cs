using Gsd.Git;

namespace Gsd.Doctor;

/// <summary>Where one checkout keeps its git state: the main repository's git dir, or <c>&lt;common&gt;/worktrees/&lt;name&gt;</c>.</summary>
public sealed record CheckoutGitDir(string GitDir, string? WorktreePath, bool IsMain);

/// <summary>
/// The git queries and repairs <c>gsd doctor</c> needs beyond <see cref="GitRepository"/> and <see cref="WorktreeManager"/>.
/// Queries never write (optional locks are off for every git run); each repair touches only what it names.
/// </summary>
public sealed class DoctorGitQueries
{
    // Paths from ls-files are passed back verbatim: a name holding '*' or ':' must not turn into a pattern or magic.
    private static readonly Dictionary<string, string?> LiteralPathspecs = new() { ["GIT_LITERAL_PATHSPECS"] = "1" };

    public DoctorGitQueries(string projectRoot)
    {
        Repository = new GitRepository(projectRoot);
    }

    public GitRepository Repository { get; }

    /// <summary>Index entries matching <paramref name="pathspecs"/> (git pathspecs, magic allowed), relative to the root.</summary>
    public async Task<IReadOnlyList<string>> TrackedFilesAsync(IEnumerable<string> pathspecs, CancellationToken ct = default)
    {
        var output = await Repository.Runner.RunAsync(["ls-files", "-z", "--", .. pathspecs], ct: ct).ConfigureAwait(false);
        return GitRepository.SplitNul(output);
    }

    /// <summary><c>git rm --cached</c>: stages the removal of these paths; the files stay on disk. Git refuses (and throws) rather than lose staged content.</summary>
    public async Task UntrackAsync(IReadOnlyList<string> paths, CancellationToken ct = default)
    {
        var stdin = string.Concat(paths.Select(p => p + "\0"));
        await Repository.Runner.RunAsync(["rm", "--cached", "--quiet", "--pathspec-from-file=-", "--pathspec-file-nul"], stdin, LiteralPathspecs, ct)
            .ConfigureAwait(false);
    }

    /// <summary>Every blob of <paramref name="rev"/>'s tree: root-relative path to object id (submodule entries left out).</summary>
    public async Task<IReadOnlyDictionary<string, string>> TreeBlobsAsync(string rev, CancellationToken ct = default)
    {
        RefNames.EnsureSafe(rev, nameof(rev));
        var output = await Repository.Runner.RunAsync(["ls-tree", "-r", "-z", "--full-tree", rev], ct: ct).ConfigureAwait(false);
        return TreeEntry.Parse(output).Where(e => e.IsBlob).ToDictionary(e => e.Path, e => e.ObjectId, StringComparer.Ordinal);
    }

    /// <summary>Git's state of every checkout: the main git dir first, then each <c>worktrees/&lt;name&gt;</c> admin dir with the checkout its <c>gitdir</c> names.</summary>
    public async Task<IReadOnlyList<CheckoutGitDir>> CheckoutGitDirsAsync(CancellationToken ct = default)
    {
        var common = await Repository.CommonDirAsync(ct).ConfigureAwait(false);
        var main = await Repository.MainWorktreeRootAsync(ct).ConfigureAwait(false);
        var list = new List<CheckoutGitDir> { new(common, main, true) };
        var admin = Path.Combine(common, "worktrees");
        if (Directory.Exists(admin))
        {
            foreach (var dir in Directory.EnumerateDirectories(admin).Order(StringComparer.Ordinal))
            {
                string? worktree = null;
                try
                {
                    // gitdir holds the path of the checkout's .git file.
                    var gitFile = File.ReadAllText(Path.Combine(dir, "gitdir")).Trim();
                    worktree = gitFile.Length == 0 ? null : Path.GetDirectoryName(gitFile);
                }
                catch (IOException)
                {
                }
                list.Add(new CheckoutGitDir(dir, worktree, false));
            }
        }
        return list;
    }

    /// <summary>Forgets one worktree whose directory is gone (like <c>git worktree prune</c>, but only that entry); its branch stays.</summary>
    public async Task ForgetMissingWorktreeAsync(string path, CancellationToken ct = default)
    {
        if (Directory.Exists(path))
        {
            throw new GitException($"not forgetting worktree {path}: its directory exists");
        }
        await Repository.Runner.RunAsync(["worktree", "remove", "--", path], ct: ct).ConfigureAwait(false);
    }

    /// <summary>Removes a throw-away detached worktree gsd made for a pre-merge check (with <c>--force</c>: build output in it is expected).</summary>
    public async Task RemoveThrowawayWorktreeAsync(string path, CancellationToken ct = default) =>
        await Repository.Runner.RunAsync(["worktree", "remove", "--force", "--", path], ct: ct).ConfigureAwait(false);

    /// <summary>Ends an interrupted <c>merge</c> (<c>--abort</c>), <c>cherry-pick</c> or <c>revert</c> (<c>--quit</c>) in a checkout.</summary>
    public static async Task EndOperationAsync(string checkout, string operation, CancellationToken ct = default)
    {
        string[] args = operation switch
        {
            "merge" => ["merge", "--abort"],
            "cherry-pick" => ["cherry-pick", "--quit"],
            "revert" => ["revert", "--quit"],
            _ => throw new ArgumentException($"'{operation}' is not an operation doctor ends.", nameof(operation)),
        };
        await new GitRunner(checkout).RunAsync(args, ct: ct).ConfigureAwait(false);
    }
}
