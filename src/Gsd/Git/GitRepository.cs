using Gsd.Layout;

namespace Gsd.Git;

/// <summary>Read and commit helpers over one checkout (the project root or a worktree). Every git failure surfaces as a <see cref="GitException"/>.</summary>
public sealed class GitRepository
{
    public GitRepository(string workDir)
    {
        WorkDir = Path.GetFullPath(workDir);
        Runner = new GitRunner(WorkDir);
    }

    public string WorkDir { get; }

    public GitRunner Runner { get; }

    /// <summary>The top of this checkout (<c>rev-parse --show-toplevel</c>).</summary>
    public async Task<string> TopLevelAsync(CancellationToken ct = default) =>
        (await Runner.RunAsync(["rev-parse", "--show-toplevel"], ct: ct).ConfigureAwait(false)).TrimEnd('\n');

    /// <summary>The absolute git directory shared by all worktrees (the main repository's <c>.git</c>).</summary>
    public async Task<string> CommonDirAsync(CancellationToken ct = default) =>
        (await Runner.RunAsync(["rev-parse", "--path-format=absolute", "--git-common-dir"], ct: ct).ConfigureAwait(false)).TrimEnd('\n');

    /// <summary>The main worktree's directory (the project root), found from anywhere, including inside a linked worktree.</summary>
    public async Task<string> MainWorktreeRootAsync(CancellationToken ct = default)
    {
        var worktrees = await WorktreesAsync(ct).ConfigureAwait(false);
        return worktrees.FirstOrDefault(w => w.IsMain)?.Path
            ?? throw new GitException($"git worktree list in {WorkDir} reported no main worktree");
    }

    /// <summary>The checked-out branch's short name, or null on a detached HEAD.</summary>
    public async Task<string?> CurrentBranchAsync(CancellationToken ct = default)
    {
        var result = await Runner.TryRunAsync(["symbolic-ref", "--quiet", "--short", "HEAD"], ct: ct).ConfigureAwait(false);
        return result.ExitCode switch
        {
            0 => result.StdOut.TrimEnd('\n'),
            1 => null,
            _ => throw Failure(["symbolic-ref", "--quiet", "--short", "HEAD"], result),
        };
    }

    /// <summary>The object id <paramref name="rev"/> names, or null when it names nothing.</summary>
    public async Task<string?> RevParseAsync(string rev, CancellationToken ct = default)
    {
        string[] args = ["rev-parse", "--verify", "--quiet", "--end-of-options", rev];
        var result = await Runner.TryRunAsync(args, ct: ct).ConfigureAwait(false);
        return result.ExitCode switch
        {
            0 => result.StdOut.TrimEnd('\n'),
            1 => null,
            _ => throw Failure(args, result),
        };
    }

    /// <summary>The commit a revision names (peeling tags), or null when it names no commit.</summary>
    public Task<string?> CommitOfAsync(string rev, CancellationToken ct = default) => RevParseAsync(rev + "^{commit}", ct);

    /// <summary>
    /// <see cref="CommitOfAsync"/> for several revisions with one git process (<c>cat-file --batch-check</c>): one entry per
    /// revision, null where it names no commit. The revisions are resolved one after another, not as one snapshot.
    /// </summary>
    public async Task<IReadOnlyList<string?>> CommitsOfAsync(IReadOnlyList<string> revs, CancellationToken ct = default)
    {
        if (revs.Count == 0)
        {
            return [];
        }
        // One revision per input line: a name with a line break (or nothing in it) names nothing and is not sent.
        var asked = revs.Where(Sendable).ToList();
        var answers = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (asked.Count > 0)
        {
            var output = await Runner.RunAsync(["cat-file", "--batch-check=%(objectname) %(objecttype)"],
                stdIn: string.Concat(asked.Select(r => r + "^{commit}\n")), ct: ct).ConfigureAwait(false);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (lines.Length != asked.Count)
            {
                throw new GitException($"cat-file --batch-check answered {lines.Length} line(s) for {asked.Count} revision(s) in {WorkDir}: {output}");
            }
            for (var i = 0; i < asked.Count; i++)
            {
                // "<oid> commit" when found; "<input> missing" or "<input> ambiguous" otherwise.
                answers[asked[i]] = lines[i].EndsWith(" commit", StringComparison.Ordinal) ? lines[i][..lines[i].IndexOf(' ', StringComparison.Ordinal)] : null;
            }
        }
        return revs.Select(r => answers.GetValueOrDefault(r)).ToList();

        static bool Sendable(string rev) => !string.IsNullOrWhiteSpace(rev) && !rev.Any(char.IsControl);
    }

    /// <summary>The tree of a commit-ish; throws when it does not exist.</summary>
    public async Task<string> TreeOfAsync(string rev, CancellationToken ct = default) =>
        (await Runner.RunAsync(["rev-parse", "--verify", "--end-of-options", rev + "^{tree}"], ct: ct).ConfigureAwait(false)).TrimEnd('\n');

    public async Task<bool> BranchExistsAsync(string branch, CancellationToken ct = default)
    {
        string[] args = ["show-ref", "--verify", "--quiet", "refs/heads/" + branch];
        var result = await Runner.TryRunAsync(args, ct: ct).ConfigureAwait(false);
        return result.ExitCode switch
        {
            0 => true,
            1 => false,
            _ => throw Failure(args, result),
        };
    }

    /// <summary>True when <paramref name="ancestor"/> is <paramref name="descendant"/> or one of its ancestors.</summary>
    public async Task<bool> IsAncestorAsync(string ancestor, string descendant, CancellationToken ct = default)
    {
        if (ancestor == descendant && IsFullObjectId(ancestor))
        {
            // A commit is its own ancestor; the callers hold ids git gave them, so no process is needed to say so.
            return true;
        }
        string[] args = ["merge-base", "--is-ancestor", ancestor, descendant];
        var result = await Runner.TryRunAsync(args, ct: ct).ConfigureAwait(false);
        return result.ExitCode switch
        {
            0 => true,
            1 => false,
            _ => throw Failure(args, result),
        };
    }

    /// <summary>The best common ancestor of two commits, or null when their histories are unrelated.</summary>
    public async Task<string?> MergeBaseAsync(string a, string b, CancellationToken ct = default)
    {
        string[] args = ["merge-base", a, b];
        var result = await Runner.TryRunAsync(args, ct: ct).ConfigureAwait(false);
        return result.ExitCode switch
        {
            0 => result.StdOut.TrimEnd('\n'),
            1 => null,
            _ => throw Failure(args, result),
        };
    }

    /// <summary>Number of commits reachable from <paramref name="to"/> but not from <paramref name="from"/>.</summary>
    public async Task<int> CountCommitsAsync(string from, string to, CancellationToken ct = default)
    {
        var output = await Runner.RunAsync(["rev-list", "--count", $"{from}..{to}"], ct: ct).ConfigureAwait(false);
        return int.Parse(output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The checkout's status (<c>git status --porcelain -z</c>), parsed; paths are relative to the top of the checkout.</summary>
    public async Task<IReadOnlyList<StatusEntry>> StatusPorcelainAsync(bool includeUntracked = true, CancellationToken ct = default)
    {
        var output = await Runner.RunAsync(
            ["status", "--porcelain=v1", "-z", includeUntracked ? "--untracked-files=all" : "--untracked-files=no"], ct: ct).ConfigureAwait(false);
        return ParseStatus(output);
    }

    /// <summary>
    /// <see cref="StatusPorcelainAsync"/> without the temporary files a killed gsd write left under <c>.gsd/</c>
    /// (<see cref="GsdPaths.IsGsdTempFile"/>): those are gsd's own and never count as the user's uncommitted changes.
    /// </summary>
    public async Task<IReadOnlyList<StatusEntry>> UserChangesAsync(CancellationToken ct = default) =>
        (await StatusPorcelainAsync(includeUntracked: true, ct).ConfigureAwait(false)).Where(e => !IsLeftoverTempFile(e)).ToList();

    /// <summary>Deletes the temporary files a killed gsd write left under <c>.gsd/</c>; returns how many.</summary>
    public async Task<int> DeleteLeftoverTempFilesAsync(CancellationToken ct = default)
    {
        var leftovers = (await StatusPorcelainAsync(includeUntracked: true, ct).ConfigureAwait(false)).Where(IsLeftoverTempFile).ToList();
        foreach (var entry in leftovers)
        {
            File.Delete(Path.Combine(WorkDir, entry.Path));
        }
        return leftovers.Count;
    }

    private static bool IsLeftoverTempFile(StatusEntry entry) => entry.IsUntracked && GsdPaths.IsGsdTempFile(entry.Path);
    /// The status of only <paramref name="paths"/> (literal, relative to the top of the checkout): git then looks at
    /// those index entries and directories instead of the whole checkout. A list too long for one command line gets the
    /// whole status, which callers filter anyway.
    /// </summary>
    public async Task<IReadOnlyList<StatusEntry>> StatusOfPathsAsync(IReadOnlyCollection<string> paths, CancellationToken ct = default)
    {
        if (paths.Count == 0)
        {
            return [];
        }
        if (paths.Count > MaxPathArguments || paths.Sum(p => p.Length + 1) > MaxPathArgumentChars)
        {
            return await StatusPorcelainAsync(includeUntracked: true, ct).ConfigureAwait(false);
        }
        var output = await Runner.RunAsync(
            ["--literal-pathspecs", "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", .. paths], ct: ct).ConfigureAwait(false);
        return ParseStatus(output);
    }

    /// <summary>Above this many paths a pathspec list costs git more than it saves (each path is matched against every item).</summary>
    internal const int MaxPathArguments = 1000;

    private const int MaxPathArgumentChars = 64 * 1024;

    /// <summary>True when the checkout has no staged, unstaged or untracked (non-ignored) change.</summary>
    public async Task<bool> IsCleanAsync(CancellationToken ct = default) =>
        (await StatusPorcelainAsync(includeUntracked: true, ct).ConfigureAwait(false)).Count == 0;

    /// <summary>
    /// Stages and commits only what <paramref name="pathspecs"/> match (git pathspecs, relative to the top of the checkout;
    /// <c>:(exclude)…</c> works), whatever else is staged. Returns the new commit id, or null when those paths did not change.
    /// An empty <paramref name="pathspecs"/> means the whole checkout.
    /// </summary>
    public async Task<string?> CommitAllAsync(string message, IEnumerable<string> pathspecs, IEnumerable<KeyValuePair<string, string>>? trailers = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        var requested = pathspecs.ToList();
        var specs = new List<string>();
        foreach (var spec in requested)
        {
            // A plain path that matches nothing on disk or in the index would make git add fail; it simply has nothing to commit.
            if (spec.StartsWith(':') || await PathspecMatchesAsync(spec, ct).ConfigureAwait(false))
            {
                specs.Add(spec);
            }
        }
        if (requested.Any(IsPositive) && !specs.Any(IsPositive))
        {
            return null;
        }

        await Runner.RunAsync(["add", "-A", "--", .. specs], ct: ct).ConfigureAwait(false);
        string[] diffArgs = ["diff", "--cached", "--quiet", "--", .. specs];
        var diff = await Runner.TryRunAsync(diffArgs, ct: ct).ConfigureAwait(false);
        if (diff.ExitCode == 0)
        {
            return null;
        }
        if (diff.ExitCode != 1)
        {
            throw Failure(diffArgs, diff);
        }

        var commitArgs = new List<string> { "commit", "--quiet", "--file=-" };
        foreach (var (key, value) in trailers ?? [])
        {
            commitArgs.Add($"--trailer={key}: {value}");
        }
        if (specs.Count > 0)
        {
            // With pathspecs git commits only those paths (--only), leaving anything else staged out of the commit.
            commitArgs.Add("--only");
            commitArgs.Add("--");
            commitArgs.AddRange(specs);
        }
        await Runner.RunAsync(commitArgs, stdIn: message, ct: ct).ConfigureAwait(false);
        return await RevParseAsync("HEAD", ct).ConfigureAwait(false);
    }

    /// <summary>Paths that differ between two commits or trees (renames split into delete + add, so both names appear).</summary>
    public async Task<IReadOnlyList<string>> ChangedFilesAsync(string from, string to, CancellationToken ct = default)
    {
        var output = await Runner.RunAsync(["diff", "--name-only", "-z", "--no-renames", "--no-ext-diff", from, to, "--"], ct: ct).ConfigureAwait(false);
        return SplitNul(output);
    }

    /// <summary>The blob id each file would get if added (<c>git hash-object</c>, nothing written), in the order given.</summary>
    public async Task<IReadOnlyList<string>> HashFilesAsync(IReadOnlyList<string> absolutePaths, CancellationToken ct = default)
    {
        if (absolutePaths.Count == 0)
        {
            return [];
        }
        var stdin = string.Concat(absolutePaths.Select(p => p + "\n"));
        var output = await Runner.RunAsync(["hash-object", "--stdin-paths"], stdin, ct: ct).ConfigureAwait(false);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Every worktree of the repository (<c>git worktree list --porcelain -z</c>), the main one first.</summary>
    public async Task<IReadOnlyList<WorktreeInfo>> WorktreesAsync(CancellationToken ct = default)
    {
        var output = await Runner.RunAsync(["worktree", "list", "--porcelain", "-z"], ct: ct).ConfigureAwait(false);
        return ParseWorktrees(output);
    }

    internal static GitException Failure(IEnumerable<string> args, GitResult result, string? workDir = null) =>
        new(string.Join(' ', args), workDir ?? string.Empty, result.ExitCode, result.StdErr.Length > 0 ? result.StdErr : result.StdOut);

    private GitException Failure(string[] args, GitResult result) => Failure(args, result, WorkDir);

    internal static List<string> SplitNul(string output) =>
        output.Split('\0', StringSplitOptions.RemoveEmptyEntries).ToList();

    internal static List<StatusEntry> ParseStatus(string output)
    {
        var entries = new List<StatusEntry>();
        var fields = output.Split('\0');
        for (var i = 0; i < fields.Length; i++)
        {
            var field = fields[i];
            if (field.Length < 4)
            {
                continue;
            }
            var x = field[0];
            var y = field[1];
            var path = field[3..];
            string? original = null;
            if (x is 'R' or 'C' || y is 'R' or 'C')
            {
                // In -z form a rename is "XY new\0old\0".
                original = i + 1 < fields.Length ? fields[++i] : null;
            }
            entries.Add(new StatusEntry(x, y, path, original));
        }
        return entries;
    }

    internal static List<WorktreeInfo> ParseWorktrees(string output)
    {
        var list = new List<WorktreeInfo>();
        string? path = null, head = null, branch = null;
        bool bare = false, detached = false, locked = false, prunable = false;
        foreach (var field in output.Split('\0'))
        {
            if (field.Length == 0)
            {
                if (path is not null)
                {
                    list.Add(new WorktreeInfo(path, head, branch, list.Count == 0, bare, detached, locked, prunable));
                }
                path = head = branch = null;
                bare = detached = locked = prunable = false;
                continue;
            }
            var space = field.IndexOf(' ', StringComparison.Ordinal);
            var key = space < 0 ? field : field[..space];
            var value = space < 0 ? string.Empty : field[(space + 1)..];
            switch (key)
            {
                case "worktree": path = value; break;
                case "HEAD": head = value; break;
                case "branch": branch = value; break;
                case "bare": bare = true; break;
                case "detached": detached = true; break;
                case "locked": locked = true; break;
                case "prunable": prunable = true; break;
                default: break;
            }
        }
        if (path is not null)
        {
            list.Add(new WorktreeInfo(path, head, branch, list.Count == 0, bare, detached, locked, prunable));
        }
        return list;
    }

    private static bool IsFullObjectId(string text) => text.Length is 40 or 64 && text.All(char.IsAsciiHexDigitLower);

    private static bool IsPositive(string pathspec) =>
        !pathspec.StartsWith(":(exclude)", StringComparison.Ordinal) && !pathspec.StartsWith(":!", StringComparison.Ordinal)
        && !pathspec.StartsWith(":^", StringComparison.Ordinal);

    private async Task<bool> PathspecMatchesAsync(string spec, CancellationToken ct)
    {
        var full = Path.Combine(WorkDir, spec);
        if (File.Exists(full) || Directory.Exists(full))
        {
            return true;
        }
        var tracked = await Runner.TryRunAsync(["ls-files", "--error-unmatch", "--", spec], ct: ct).ConfigureAwait(false);
        return tracked.ExitCode == 0;
    }
}
