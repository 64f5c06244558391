using Gsd.Git;
using Gsd.Layout;

namespace Gsd.Doctor;

/// <summary>
/// What a directory under .gsd/worktrees/ that git does not know holds, compared with its milestone branch: the files found
/// nowhere else (not on <c>milestone/&lt;MID&gt;</c> with the same content). A leftover <c>.git</c> pointer file does not count;
/// symlinks, nested repositories and unreadable entries always do, so they are never deleted.
/// </summary>
internal sealed record OrphanContents(int FileCount, IReadOnlyList<string> Unique, string? Branch)
{
    public bool IsRemovable => Unique.Count == 0;

    public static async Task<OrphanContents> InspectAsync(string directory, DoctorGitQueries? git, CancellationToken ct)
    {
        var files = new List<string>();
        var unique = new List<string>();
        Walk(new DirectoryInfo(directory), directory, files, unique);

        var name = Path.GetFileName(directory);
        var branch = MilestoneId.IsValid(name) ? MilestoneBranch.Name(name) : null;
        if (files.Count == 0)
        {
            return new OrphanContents(0, unique, branch);
        }
        if (git is null || branch is null || !await git.Repository.BranchExistsAsync(branch, ct).ConfigureAwait(false))
        {
            return new OrphanContents(files.Count, [.. unique, .. files], null);
        }
        var blobs = await git.TreeBlobsAsync(RefNames.Branch(branch), ct).ConfigureAwait(false);
        var hashable = files.Where(f => !f.Contains('\n', StringComparison.Ordinal)).ToList();
        unique.AddRange(files.Except(hashable));
        var hashes = await git.Repository.HashFilesAsync(hashable.Select(f => Path.Combine(directory, f)).ToList(), ct).ConfigureAwait(false);
        for (var i = 0; i < hashable.Count; i++)
        {
            if (i >= hashes.Count || !blobs.TryGetValue(hashable[i], out var blob) || blob != hashes[i])
            {
                unique.Add(hashable[i]);
            }
        }
        return new OrphanContents(files.Count, unique, branch);
    }

    private static void Walk(DirectoryInfo dir, string top, List<string> files, List<string> unique)
    {
        FileSystemInfo[] entries;
        try
        {
            entries = dir.GetFileSystemInfos();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            unique.Add(Relative(top, dir.FullName) + "/ (unreadable)");
            return;
        }
        foreach (var entry in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var relative = Relative(top, entry.FullName);
            if (entry.LinkTarget is not null)
            {
                unique.Add(relative + " (symlink)");
            }
            else if (entry is DirectoryInfo sub)
            {
                if (relative == ".git")
                {
                    unique.Add(".git/ (a repository)");
                }
                else
                {
                    Walk(sub, top, files, unique);
                }
            }
            else if (relative != ".git")
            {
                files.Add(relative);
            }
        }
    }

    private static string Relative(string top, string path) => Path.GetRelativePath(top, path).Replace(Path.DirectorySeparatorChar, '/');
}
