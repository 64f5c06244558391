namespace Gsd.Git;

/// <summary>
/// Reads the commit a checkout's HEAD names straight from the files git keeps (the <c>.git</c> file or folder, HEAD, the
/// loose ref in the common directory), saving a <c>git rev-parse HEAD</c> start per commit. Anything it does not
/// recognise (packed or reftable refs, a checkout below the top) gives null, and the caller asks git instead.
/// </summary>
public static class HeadFile
{
    /// <summary>The checkout's own git directory (<c>.git</c>, or where a linked worktree's <c>.git</c> file points), or null.</summary>
    public static string? TryGitDir(string checkoutTop)
    {
        try
        {
            var dotGit = Path.Combine(checkoutTop, ".git");
            if (Directory.Exists(dotGit))
            {
                return dotGit;
            }
            if (!File.Exists(dotGit))
            {
                return null;
            }
            var text = File.ReadAllText(dotGit).Trim();
            return text.StartsWith("gitdir:", StringComparison.Ordinal) ? Path.GetFullPath(text[7..].Trim(), checkoutTop) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>What the checkout's HEAD file says (<c>ref: refs/heads/…</c>, or a commit id when detached), or null when unreadable.</summary>
    public static string? TryReadHead(string checkoutTop)
    {
        try
        {
            return TryGitDir(checkoutTop) is { } gitDir ? ReadHead(gitDir) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static string? TryReadCommit(string checkoutTop)
    {
        try
        {
            if (TryGitDir(checkoutTop) is not { } gitDir)
            {
                return null;
            }
            var head = ReadHead(gitDir);
            if (!head.StartsWith("ref: ", StringComparison.Ordinal))
            {
                return IsObjectId(head) ? head : null;
            }
            return TryReadBranch(gitDir, head[5..].Trim());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The repository's common directory for a checkout's git directory (a linked worktree's <c>commondir</c>, else itself).</summary>
    public static string CommonDir(string gitDir)
    {
        var commonFile = Path.Combine(gitDir, "commondir");
        return File.Exists(commonFile) ? Path.GetFullPath(File.ReadAllText(commonFile).Trim(), gitDir) : gitDir;
    }

    /// <summary>
    /// The commit a branch ref (<c>refs/heads/…</c>) names, read from its loose file in the repository of the checkout at
    /// <paramref name="checkoutTop"/>; null when it is not a loose ref (packed, missing, symbolic) and git must be asked.
    /// </summary>
    public static string? TryReadBranchRef(string checkoutTop, string refName)
    {
        try
        {
            return TryGitDir(checkoutTop) is { } gitDir ? TryReadBranch(gitDir, refName) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? TryReadBranch(string gitDir, string refName)
    {
        if (!refName.StartsWith("refs/heads/", StringComparison.Ordinal) || refName.Contains("..", StringComparison.Ordinal))
        {
            return null;
        }
        var loose = Path.Combine(CommonDir(gitDir), refName);
        if (!File.Exists(loose))
        {
            return null;
        }
        var id = File.ReadAllText(loose).Trim();
        return IsObjectId(id) ? id : null;
    }

    private static string ReadHead(string gitDir) => File.ReadAllText(Path.Combine(gitDir, "HEAD")).Trim();

    private static bool IsObjectId(string text) =>
        text.Length is 40 or 64 && text.All(char.IsAsciiHexDigitLower);
}
