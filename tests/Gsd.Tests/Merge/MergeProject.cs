using System.Globalization;
using System.Text.Json;
using Gsd.Layout;
using Gsd.Protocol;
using Gsd.Tests.Auto;

namespace Gsd.Tests.Merge;

/// <summary>One entry of <c>gsd parallel merge --json</c>'s <c>results[]</c>.</summary>
internal sealed record MergeItem(string MilestoneId, string Outcome, IReadOnlyList<string> ConflictFiles, string? Commit, string? Error, string? ResolveHint);

/// <summary>
/// A real repository made into a gsd project by the real binary (`gsd init`, `gsd milestone new`), parallel mode on, the
/// sim agent planning one slice of one task per milestone; milestones are completed on their own branches by a real
/// `gsd parallel start --yes --foreground` (auto_merge: manual unless asked otherwise), then merged by `gsd parallel merge`.
/// </summary>
internal sealed class MergeProject : IDisposable
{
    private readonly ProjectBuilder _project = new("gsd-merge-cli", new Dictionary<string, string?>
    {
        ["GSD_COORDINATOR_TICK_MS"] = "200",
        ["GSD_HEARTBEAT_MS"] = "300",
    });

    public MergeProject(string autoMerge = "manual", string? preMergeCheck = null, int slices = 1, int tasks = 1, string mergeStrategy = "per-milestone")
    {
        _project.InitGsd().Write("src/app.txt", "line 1\nline 2\nline 3\n");
        WritePreferences(autoMerge, preMergeCheck, slices, tasks, mergeStrategy);
        _project.Commit("gsd init and preferences");
    }

    public GitRepo Repo => _project.Repo;

    public string Root => Repo.Root;

    /// <summary>A folder outside the repository for markers and pid files of test commands.</summary>
    public string Scratch => _project.Scratch;

    public ParallelPaths Paths => _project.Paths;

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void WritePreferences(string autoMerge, string? preMergeCheck = null, int slices = 1, int tasks = 1, string mergeStrategy = "per-milestone")
    {
        var check = preMergeCheck is null ? string.Empty : $"git:\n  pre_merge_check: {AutoProject.Quote(preMergeCheck)}\n";
        _project.Preferences(
            $"parallel:\n  enabled: true\n  max_workers: 3\n  auto_merge: {autoMerge}\n  merge_strategy: {mergeStrategy}\n"
            + $"agent:\n  kind: sim\n  args: [--slices, \"{slices}\", --tasks, \"{tasks}\"]\n{check}");
    }

    /// <summary>The environment of every gsd run here, plus <paramref name="extra"/>.</summary>
    public Dictionary<string, string?> Env(IReadOnlyDictionary<string, string?>? extra = null) => _project.Launcher.With(extra).Env;

    public ProcessResult Gsd(params string[] args) => _project.Launcher.Run(args);

    public ProcessResult GsdIn(string dir, params string[] args) => _project.Launcher.In(dir).Run(args);

    /// <summary>Completes a milestone on its own branch the way a user would by hand: a worktree, then `gsd auto` locked to it.</summary>
    public ProcessResult CompleteByHand(string mid)
    {
        var r = WorkByHand(mid);
        r.ExitCode.ShouldBe(0, r.ToString());
        return r;
    }

    /// <summary>`gsd auto` locked to <paramref name="mid"/> in its worktree (made on first use); the caller judges the outcome.</summary>
    public ProcessResult WorkByHand(string mid)
    {
        if (!Directory.Exists(Worktree(mid)))
        {
            _project.AddWorktree(mid, "HEAD");
        }
        return _project.Launcher.In(Worktree(mid)).Run(new Dictionary<string, string?> { ["GSD_MILESTONE_LOCK"] = mid }, "auto");
    }

    /// <summary>The isolated GSD_HOME every gsd run here gets (its PREFERENCES.md holds the user's global settings).</summary>
    public string Home => _project.Home;

    public GsdProcess Start(params string[] args) => _project.Launcher.Start(args);

    public string Git(params string[] args) => Repo.Git(args);

    public static string GitIn(string dir, params string[] args) => ProcessRunner.Git(dir, args);

    /// <summary>`gsd milestone new`, committed; returns the new id.</summary>
    public string NewMilestone(string title, params string[] dependsOn) => _project.NewMilestone(title, dependsOn);

    /// <summary>Runs every eligible milestone to completion on its branch with the real coordinator, in the foreground.</summary>
    public ProcessResult RunWorkers()
    {
        var r = Gsd("parallel", "start", "--yes", "--foreground");
        r.ExitCode.ShouldBe(0, r.ToString());
        return r;
    }

    public string Worktree(string mid) => _project.Worktree(mid);

    public bool BranchExists(string mid) => Git("branch", "--list", $"milestone/{mid}").Length > 0;

    public string WorktreeList() => Git("worktree", "list", "--porcelain");

    /// <summary>`gsd parallel merge --json` plus <paramref name="args"/>; the parsed results.</summary>
    public (ProcessResult Result, List<MergeItem> Items) MergeJson(params string[] args)
    {
        var r = Gsd(["parallel", "merge", "--json", .. args]);
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(r.StdOut).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new ShouldAssertException($"merge --json did not print JSON:\n{r}");
        }
        var items = root.GetProperty("results").EnumerateArray().Select(e => new MergeItem(
            e.GetProperty("milestoneId").GetString()!,
            e.GetProperty("outcome").GetString()!,
            e.GetProperty("conflictFiles").EnumerateArray().Select(f => f.GetString()!).ToList(),
            e.GetProperty("commit").GetString(),
            e.GetProperty("error").GetString(),
            e.GetProperty("resolveHint").GetString())).ToList();
        return (r, items);
    }

    /// <summary>`gsd queue --json`: milestone id → status.</summary>
    public Dictionary<string, string> QueueStatuses()
    {
        var r = Gsd("queue", "--json");
        r.ExitCode.ShouldBe(0, r.ToString());
        using var doc = JsonDocument.Parse(r.StdOut);
        return doc.RootElement.GetProperty("milestones").EnumerateArray()
            .ToDictionary(m => m.GetProperty("id").GetString()!, m => m.GetProperty("status").GetString()!, StringComparer.Ordinal);
    }

    public MetricsFile RootMetrics() => MetricsLedger.ReadFile(Path.Combine(Root, ".gsd", "metrics.json"));

    public MetricsFile WorkerMetrics(string mid) => MetricsLedger.ReadFile(Path.Combine(Worktree(mid), ".gsd", "metrics.json"));

    /// <summary>Commits on main after <paramref name="since"/>, oldest first.</summary>
    public IReadOnlyList<CommitInfo> CommitsSince(string since) => _project.CommitsSince(since, "main");

    /// <summary>Leftovers of the merge machinery: temporary indexes in the git dir and registered pre-merge check worktrees.</summary>
    public IReadOnlyList<string> MergeLeftovers()
    {
        var list = Directory.EnumerateFiles(Path.Combine(Root, ".git"), "gsd-merge-*").Select(Path.GetFileName).Select(n => n!).ToList();
        list.AddRange(WorktreeList().Split('\n').Where(l => l.StartsWith("worktree ", StringComparison.Ordinal) && l.Contains("gsd-check-", StringComparison.Ordinal)));
        return list;
    }

    /// <summary>
    /// Everything a merge that does not land must leave as it was: HEAD, every ref, the index bytes, status, every file's bytes
    /// in the checkout (the runtime folders .gsd/parallel and .gsd/worktrees aside), git's own state files (MERGE_HEAD...),
    /// and — with <paramref name="worktrees"/> — the registered worktrees.
    /// </summary>
    public string Snapshot(bool worktrees = true) => RepoSnapshot.Of(Root, IsRuntime, includeIgnored: true, worktrees);

    /// <summary>Fails listing the lines that differ (a whole-text diff of two snapshots is unreadable).</summary>
    public static void ShouldBeUnchanged(string now, string before) => RepoSnapshot.ShouldBeUnchanged(now, before);

    /// <summary>gsd's runtime folders, whose files a merge writes by design (its ledger, its lock, the worktrees).</summary>
    private static bool IsRuntime(string relative) =>
        relative.StartsWith(".gsd/parallel/", StringComparison.Ordinal) || relative.StartsWith(".gsd/worktrees/", StringComparison.Ordinal);

    /// <summary>A file in the checkout of main, read.</summary>
    public string Read(string relative) => File.ReadAllText(Path.Combine(Root, relative));

    public static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    public void Dispose()
    {
        // Worktrees gsd made (pre-merge checks) outside the project are removed with it.
        foreach (var line in WorktreeListSafe().Where(l => l.Contains("gsd-check-", StringComparison.Ordinal)))
        {
            var path = line["worktree ".Length..];
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        _project.Dispose();
    }

    private List<string> WorktreeListSafe()
    {
        try
        {
            return WorktreeList().Split('\n').Where(l => l.StartsWith("worktree ", StringComparison.Ordinal)).ToList();
        }
        catch (InvalidOperationException)
        {
            return [];
        }
    }
}
