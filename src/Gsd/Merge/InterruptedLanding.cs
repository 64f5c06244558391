using Gsd.Git;

namespace Gsd.Merge;

/// <summary>
/// A landing writes the checkout's files first and moves its branch second (ARCHITECTURE §7): one killed in between
/// leaves the checkout holding the merge's result for the paths it writes, staged and on disk, with the branch where it
/// was. The next merge of the same result sees those paths as uncommitted changes; they are gsd's own writing, and the
/// merge writes the very same content again, so they are no reason to refuse. Anything else (a different edit, a
/// different staged version) is the user's and still refuses the merge.
/// </summary>
internal static class InterruptedLanding
{
    /// <summary>
    /// Those of <paramref name="paths"/> whose index entry and file in <paramref name="checkout"/> both already hold what
    /// <paramref name="tree"/> has there, or that all three lack.
    /// </summary>
    public static async Task<IReadOnlySet<string>> AlreadyWrittenAsync(string checkout, string tree, IReadOnlyCollection<string> paths, CancellationToken ct)
    {
        var same = new HashSet<string>(StringComparer.Ordinal);
        if (paths.Count == 0)
        {
            return same;
        }
        if (paths.Count > GitRepository.MaxPathArguments)
        {
            return same; // too many to ask about on a command line: treated as the user's, the merge refuses as before
        }
        var git = new GitRunner(checkout);
        var list = paths.ToList();
        // The tree's blob for each path, in order (a path it lacks answers "missing").
        var wantedLines = (await git.RunAsync(["cat-file", "--batch-check=%(objectname)"], stdIn: string.Concat(list.Select(p => $"{tree}:{p}\n")), ct: ct)
            .ConfigureAwait(false)).Split('\n');
        var wanted = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count && i < wantedLines.Length; i++)
        {
            if (!wantedLines[i].EndsWith(" missing", StringComparison.Ordinal))
            {
                wanted[list[i]] = wantedLines[i].Trim();
            }
        }
        var staged = StagedObjects(await git.RunAsync(["--literal-pathspecs", "ls-files", "-s", "-z", "--", .. list], ct: ct).ConfigureAwait(false));
        var onDisk = paths.Where(p => File.Exists(Path.Combine(checkout, p))).ToList();
        var hashes = await new GitRepository(checkout).HashFilesAsync(onDisk.Select(p => Path.Combine(checkout, p)).ToList(), ct).ConfigureAwait(false);
        var written = onDisk.Zip(hashes).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var want = wanted.GetValueOrDefault(path);
            if (staged.GetValueOrDefault(path) == want && written.GetValueOrDefault(path) == want)
            {
                same.Add(path);
            }
        }
        return same;
    }

    /// <summary><c>ls-files -s -z</c> records (<c>MODE OID STAGE\tPATH</c>) as path → object id.</summary>
    private static Dictionary<string, string> StagedObjects(string output)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var record in GitRepository.SplitNul(output))
        {
            var tab = record.IndexOf('\t', StringComparison.Ordinal);
            if (tab >= 0 && record[..tab].Split(' ') is [_, var id, ..])
            {
                entries[record[(tab + 1)..]] = id;
            }
        }
        return entries;
    }
}
