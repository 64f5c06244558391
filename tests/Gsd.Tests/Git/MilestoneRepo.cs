using Gsd.Merge;

namespace Gsd.Tests.Git;

/// <summary>A real repository on main with gsd's runtime ignores, milestone worktrees under .gsd/worktrees, and a byte-level snapshot of the root.</summary>
internal sealed class MilestoneRepo : IDisposable
{
    public const string App = "line 1\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7\nline 8\nline 9\nline 10\n";

    private readonly ProjectBuilder _project = new("gsd-merge");

    public MilestoneRepo() => _project.IgnoreRuntime().Write("src/app.txt", App).Commit("setup");

    public GitRepo Repo => _project.Repo;

    public string Root => Repo.Root;

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public string Git(params string[] args) => Repo.Git(args);

    public string GitIn(string dir, params string[] args) => ProcessRunner.Git(dir, args);

    public string Worktree(string mid) => _project.Worktree(mid);

    /// <summary>Creates .gsd/worktrees/MID on milestone/MID from main with plain git.</summary>
    public string StartMilestone(string mid, string from = "main") => _project.AddWorktree(mid, from);

    /// <summary>Writes (or, with null content, deletes) files in a checkout and commits them; returns the commit id.</summary>
    public string CommitIn(string dir, string message, params (string Path, string? Content)[] files) => ProjectBuilder.CommitIn(dir, message, files);

    public string CommitOnMain(string message, params (string Path, string? Content)[] files) => CommitIn(Root, message, files);

    public string CommitInMilestone(string mid, string message, params (string Path, string? Content)[] files) => CommitIn(Worktree(mid), message, files);

    public MergeRequest Request(string mid) =>
        new(Root, mid, $"milestone/{mid}", "main", $"feat({mid}): Title of {mid}\n\n- S01: First slice\n  - T01: First task\n\nGSD-Milestone: {mid}");

    public string ReadInRoot(string path) => File.ReadAllText(Path.Combine(Root, path));

    public static string Replace(string text, string from, string to) => text.Replace(from, to, StringComparison.Ordinal);

    /// <summary>Everything a merge must not change when it refuses: HEAD, refs, index bytes, status, every file's bytes, git's own state files.</summary>
    public string Snapshot() =>
        RepoSnapshot.Of(Root, relative => relative.StartsWith(".gsd/worktrees/", StringComparison.Ordinal), includeIgnored: false);

    public void Dispose() => _project.Dispose();
}
