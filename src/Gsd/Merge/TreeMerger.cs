using System.Text;
using Gsd.Git;
using Gsd.Layout;

namespace Gsd.Merge;

/// <summary>The tree a merge produces, and the conflicts outside <c>.gsd/</c> that stop it (those inside were resolved).</summary>
internal sealed record TreeMergeResult(string Tree, IReadOnlyList<string> CodeConflicts, IReadOnlyList<string> ResolvedGsdConflicts)
{
    public bool HasCodeConflicts => CodeConflicts.Count > 0;
}

/// <summary>
/// Merges two commits into a tree without touching any checkout, index or ref: <c>git merge-tree --write-tree</c>, then
/// <c>.gsd/</c> conflicts resolved in a private temporary index (the milestone's own <c>.gsd/milestones/&lt;MID&gt;/</c> from
/// its branch, every other <c>.gsd/</c> path as on the integration side). Only objects are written.
/// </summary>
internal sealed class TreeMerger
{
    private const string GsdPrefix = GsdPaths.GsdFolder + "/";

    // Commits gsd writes for its own bookkeeping must not depend on (or fail for lack of) the user's identity.
    private static readonly Dictionary<string, string?> BookkeepingIdentity = new()
    {
        ["GIT_AUTHOR_NAME"] = "gsd",
        ["GIT_AUTHOR_EMAIL"] = "gsd@localhost",
        ["GIT_COMMITTER_NAME"] = "gsd",
        ["GIT_COMMITTER_EMAIL"] = "gsd@localhost",
    };

    private readonly GitRepository _repo;

    public TreeMerger(GitRepository repo)
    {
        _repo = repo;
    }

    public static IReadOnlyDictionary<string, string?> Bookkeeping => BookkeepingIdentity;

    /// <summary>
    /// Merges <paramref name="theirs"/> (the milestone side) into <paramref name="ours"/> (the integration side). With
    /// <paramref name="mergeBase"/> the three-way merge uses that commit as its base instead of the one git would pick
    /// (git 2.39's merge-tree has no --merge-base, so two throw-away commits with that single parent stand in for the sides).
    /// </summary>
    public async Task<TreeMergeResult> MergeAsync(string ours, string theirs, string? milestoneId, string? mergeBase, CancellationToken ct)
    {
        var (tree, conflicts) = await RawMergeAsync(ours, theirs, mergeBase, ct).ConfigureAwait(false);
        var code = conflicts.Where(p => !GsdPaths.IsGsdPath(p)).ToList();
        var gsd = conflicts.Where(GsdPaths.IsGsdPath).ToList();
        if (code.Count > 0 || gsd.Count == 0)
        {
            return new TreeMergeResult(tree, code, gsd);
        }
        var ownPrefix = milestoneId is null ? null : $"{GsdPrefix}milestones/{milestoneId}/";
        var resolved = await ResolveAsync(tree, gsd, path => ownPrefix is not null && path.StartsWith(ownPrefix, StringComparison.Ordinal) ? theirs : ours, ct)
            .ConfigureAwait(false);
        return new TreeMergeResult(resolved, code, gsd);
    }

    /// <summary>git's merge of two commits: the written tree (with conflict markers where it conflicted) and the conflicted paths.</summary>
    public async Task<(string Tree, IReadOnlyList<string> Conflicts)> RawMergeAsync(string ours, string theirs, string? mergeBase, CancellationToken ct)
    {
        var left = ours;
        var right = theirs;
        if (mergeBase is not null)
        {
            left = await SyntheticChildAsync(mergeBase, ours, ct).ConfigureAwait(false);
            right = await SyntheticChildAsync(mergeBase, theirs, ct).ConfigureAwait(false);
        }
        string[] args = ["merge-tree", "--write-tree", "--name-only", "-z", "--no-messages", left, right];
        var result = await _repo.Runner.TryRunAsync(args, ct: ct).ConfigureAwait(false);
        if (result.ExitCode is not (0 or 1))
        {
            throw GitRepository.Failure(args, result, _repo.WorkDir);
        }
        var fields = GitRepository.SplitNul(result.StdOut);
        if (fields.Count == 0)
        {
            throw new GitException(string.Join(' ', args), _repo.WorkDir, result.ExitCode, "merge-tree printed no tree: " + result.StdErr);
        }
        return (fields[0], fields.Skip(1).Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>A commit with <paramref name="source"/>'s tree whose only parent is <paramref name="parent"/>.</summary>
    private async Task<string> SyntheticChildAsync(string parent, string source, CancellationToken ct)
    {
        var tree = await _repo.TreeOfAsync(source, ct).ConfigureAwait(false);
        var id = await _repo.Runner.RunAsync(["commit-tree", tree, "-p", parent, "-m", "gsd: merge side"], env: BookkeepingIdentity, ct: ct)
            .ConfigureAwait(false);
        return id.Trim();
    }

    /// <summary>Replaces each conflicted path (and anything under it) by its version in the chosen source commit, or removes it when absent there.</summary>
    private async Task<string> ResolveAsync(string mergedTree, IReadOnlyList<string> paths, Func<string, string> sourceOf, CancellationToken ct)
    {
        var commonDir = await _repo.CommonDirAsync(ct).ConfigureAwait(false);
        // Index paths are relative to the top of the checkout, whatever directory the repository was opened from.
        var git = new GitRunner(await _repo.TopLevelAsync(ct).ConfigureAwait(false));
        var indexFile = Path.Combine(commonDir, $"gsd-merge-{Guid.NewGuid():N}.index");
        // Never the user's index: every command below reads and writes only this private file.
        var env = new Dictionary<string, string?> { ["GIT_INDEX_FILE"] = indexFile, ["GIT_LITERAL_PATHSPECS"] = "1" };
        try
        {
            await git.RunAsync(["read-tree", mergedTree], env: env, ct: ct).ConfigureAwait(false);
            var info = new StringBuilder();
            var nullOid = new string('0', mergedTree.Length);
            foreach (var path in paths)
            {
                var staged = await git.RunAsync(["ls-files", "-z", "--", path], env: env, ct: ct).ConfigureAwait(false);
                foreach (var existing in GitRepository.SplitNul(staged))
                {
                    info.Append("0 ").Append(nullOid).Append('\t').Append(existing).Append('\0');
                }
                var wanted = await git.RunAsync(["ls-tree", "-r", "-z", "--full-tree", sourceOf(path), "--", path], env: env, ct: ct)
                    .ConfigureAwait(false);
                foreach (var entry in TreeEntry.Parse(wanted))
                {
                    // "<mode> blob <oid>\t<path>" → "<mode> <oid>\t<path>"
                    info.Append(entry.Mode).Append(' ').Append(entry.ObjectId).Append('\t').Append(entry.Path).Append('\0');
                }
            }
            await git.RunAsync(["update-index", "-z", "--add", "--replace", "--index-info"], stdIn: info.ToString(), env: env, ct: ct)
                .ConfigureAwait(false);
            return (await git.RunAsync(["write-tree"], env: env, ct: ct).ConfigureAwait(false)).Trim();
        }
        finally
        {
            File.Delete(indexFile);
            File.Delete(indexFile + ".lock");
        }
    }
}
