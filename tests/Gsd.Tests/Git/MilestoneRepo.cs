using System.Security.Cryptography;
using System.Text;
using Gsd.Merge;
using Gsd.Tests.Support;

namespace Gsd.Tests.Git;

/// <summary>A real repository on main with gsd's runtime ignores, milestone worktrees under .gsd/worktrees, and a byte-level snapshot of the root.</summary>
internal sealed class MilestoneRepo : IDisposable
{
    public const string App = "line 1\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7\nline 8\nline 9\nline 10\n";

    public MilestoneRepo()
    {
        Repo = new GitRepo("gsd-merge");
        Repo.Write(".gsd/.gitignore", "parallel/\nworktrees/\nauto.lock\nmetrics.json\n*.lock\nactivity/\n");
        Repo.Write("src/app.txt", App);
        Repo.Commit("setup");
    }

    public GitRepo Repo { get; }

    public string Root => Repo.Root;

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public string Git(params string[] args) => Repo.Git(args);

    public string GitIn(string dir, params string[] args) => ProcessRunner.Git(dir, args);

    public string Worktree(string mid) => Path.Combine(Root, ".gsd", "worktrees", mid);

    /// <summary>Creates .gsd/worktrees/MID on milestone/MID from main with plain git.</summary>
    public string StartMilestone(string mid, string from = "main")
    {
        Git("worktree", "add", "-q", "-b", $"milestone/{mid}", Worktree(mid), from);
        return Worktree(mid);
    }

    /// <summary>Writes (or, with null content, deletes) files in a checkout and commits them; returns the commit id.</summary>
    public string CommitIn(string dir, string message, params (string Path, string? Content)[] files)
    {
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(dir, path);
            if (content is null)
            {
                File.Delete(full);
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllText(full, content);
            }
        }
        GitIn(dir, "add", "-A");
        GitIn(dir, "commit", "-q", "-m", message);
        return GitIn(dir, "rev-parse", "HEAD");
    }

    public string CommitOnMain(string message, params (string Path, string? Content)[] files) => CommitIn(Root, message, files);

    public string CommitInMilestone(string mid, string message, params (string Path, string? Content)[] files) => CommitIn(Worktree(mid), message, files);

    public MergeRequest Request(string mid) =>
        new(Root, mid, $"milestone/{mid}", "main", $"feat({mid}): Title of {mid}\n\n- S01: First slice\n  - T01: First task\n\nGSD-Milestone: {mid}");

    public string ReadInRoot(string path) => File.ReadAllText(Path.Combine(Root, path));

    public static string Replace(string text, string from, string to) => text.Replace(from, to, StringComparison.Ordinal);

    /// <summary>Everything a merge must not change when it refuses: HEAD, refs, index bytes, status, every file's bytes, git's own state files.</summary>
    public string Snapshot()
    {
        var sb = new StringBuilder();
        var noLocks = new Dictionary<string, string?> { ["GIT_OPTIONAL_LOCKS"] = "0" };
        string G(params string[] args) => ProcessRunner.Run("git", args, Root, noLocks).StdOut;
        sb.Append("HEAD ").Append(G("symbolic-ref", "-q", "HEAD")).Append(G("rev-parse", "HEAD"));
        sb.Append("refs\n").Append(G("for-each-ref", "--format=%(refname) %(objectname)"));
        sb.Append("index ").AppendLine(Hash(File.ReadAllBytes(Path.Combine(Root, ".git", "index"))));
        sb.Append("status\n").Append(G("status", "--porcelain=v1", "--untracked-files=all"));
        sb.Append("git-dir ").AppendJoin(' ', Directory.EnumerateFileSystemEntries(Path.Combine(Root, ".git")).Select(Path.GetFileName).Order(StringComparer.Ordinal)).AppendLine();
        sb.Append("worktrees\n").Append(G("worktree", "list", "--porcelain"));
        foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(Root, file);
            if (relative.StartsWith(".git" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                || relative.StartsWith(Path.Combine(".gsd", "worktrees") + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }
            sb.Append(relative).Append(' ').AppendLine(Hash(File.ReadAllBytes(file)));
        }
        return sb.ToString();
    }

    private static string Hash(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    public void Dispose() => Repo.Dispose();
}
