namespace Gsd.IO;

/// <summary>Compares directory paths the way git reports them: absolute, without trailing separators, symlinks resolved.</summary>
internal static class PathIdentity
{
    public static string Canonical(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var root = Path.GetPathRoot(full) ?? "/";
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            var info = new DirectoryInfo(current);
            if (info.Exists && info.LinkTarget is not null)
            {
                current = Path.TrimEndingDirectorySeparator(info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? current);
            }
        }
        return current;
    }

    public static bool Same(string a, string b) => string.Equals(Canonical(a), Canonical(b), StringComparison.Ordinal);

    /// <summary><paramref name="path"/> relative to <paramref name="root"/> when inside it (for messages a user can paste), else absolute.</summary>
    public static string ForDisplay(string root, string path)
    {
        var relative = Path.GetRelativePath(Canonical(root), Canonical(path));
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }
}
