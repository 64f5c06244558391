using System.Security.Cryptography;
using System.Text;

namespace Gsd.Tests.Support;

/// <summary>
/// Everything an operation that refuses must leave as it was: HEAD, every ref, the index bytes, status, git's own state
/// files (MERGE_HEAD...), optionally the registered worktrees, and every file's bytes in the checkout but runtime ones.
/// </summary>
public static class RepoSnapshot
{
    /// <param name="isRuntime">Paths (relative, '/'-separated) a run writes by design; left out of status and files.</param>
    /// <param name="includeIgnored">Status lists ignored files too.</param>
    /// <param name="worktrees">Registered worktrees and the git dir's worktrees folder are part of the snapshot.</param>
    public static string Of(string root, Func<string, bool> isRuntime, bool includeIgnored, bool worktrees = true)
    {
        var sb = new StringBuilder();
        var noLocks = new Dictionary<string, string?> { ["GIT_OPTIONAL_LOCKS"] = "0" };
        string G(params string[] args) => ProcessRunner.Run("git", args, root, noLocks).StdOut;
        sb.Append("HEAD ").Append(G("symbolic-ref", "-q", "HEAD")).Append(G("rev-parse", "HEAD"));
        sb.Append("refs\n").Append(G("for-each-ref", "--format=%(refname) %(objectname)"));
        sb.Append("index ").AppendLine(Hash(File.ReadAllBytes(Path.Combine(root, ".git", "index"))));
        string[] status = includeIgnored ? ["status", "--porcelain=v1", "--untracked-files=all", "--ignored"] : ["status", "--porcelain=v1", "--untracked-files=all"];
        sb.Append("status\n").AppendJoin('\n', G(status).Split('\n').Where(l => !isRuntime(l.Length > 3 ? l[3..] : l))).AppendLine();
        sb.Append("git-dir ").AppendJoin(' ', Directory.EnumerateFileSystemEntries(Path.Combine(root, ".git"))
            .Select(Path.GetFileName).Where(n => worktrees || n != "worktrees").Order(StringComparer.Ordinal)).AppendLine();
        if (worktrees)
        {
            sb.Append("worktrees\n").Append(G("worktree", "list", "--porcelain"));
        }
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
            if (relative.StartsWith(".git/", StringComparison.Ordinal) || isRuntime(relative))
            {
                continue;
            }
            sb.Append(relative).Append(' ').AppendLine(Hash(File.ReadAllBytes(file)));
        }
        return sb.ToString();
    }

    /// <summary>Fails listing the lines that differ (a whole-text diff of two snapshots is unreadable).</summary>
    public static void ShouldBeUnchanged(string now, string before)
    {
        var gone = before.Split('\n').Except(now.Split('\n')).ToList();
        var added = now.Split('\n').Except(before.Split('\n')).ToList();
        if (gone.Count + added.Count > 0 || now != before)
        {
            throw new ShouldAssertException($"The repository changed.\n--- before only ---\n{string.Join('\n', gone)}\n--- now only ---\n{string.Join('\n', added)}");
        }
    }

    public static string Hash(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));
}
