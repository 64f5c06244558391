using System.Text.Json;
using Gsd.IO;
using Gsd.Layout;
using Gsd.Processes;
using Gsd.Protocol;
using Gsd.Tests.Support;

namespace Gsd.Tests.Auto;

/// <summary>
/// A real git repository made into a gsd project by the real binary (`gsd init`, `gsd milestone new`), with the
/// agent preferences a test asks for, committed — ready for `gsd auto`.
/// </summary>
public sealed class AutoProject : IDisposable
{
    private readonly TempDir _home = new("gsd-auto-home");
    private readonly TempDir _scratch = new("gsd-auto-scratch");

    public AutoProject(string agentYaml, string extraYaml = "")
    {
        Repo = new GitRepo("gsd-auto");
        Gsd("init").ExitCode.ShouldBe(0);
        SetPreferences(agentYaml, extraYaml);
    }

    public GitRepo Repo { get; }

    public string Root => Repo.Root;

    /// <summary>A folder outside the repository for test agents and what they record.</summary>
    public string Scratch => _scratch.Path;

    public string GsdHome => _home.Path;

    public string MetricsPath => Repo.Path(".gsd/metrics.json");

    public string LockPath => Repo.Path(".gsd/auto.lock");

    public ParallelPaths Paths => new(Root);

    /// <summary>YAML for the sim agent with its options (delay, slices, tasks, cost) as agent.args.</summary>
    public static string Sim(string delay = "0s", int slices = 1, int tasks = 2, decimal cost = 0.01m, string timeout = "5m") =>
        $"agent:\n  kind: sim\n  args: [--delay, {delay}, --slices, {slices}, --tasks, {tasks}, --cost, {cost.ToString(System.Globalization.CultureInfo.InvariantCulture)}]\n  unit_timeout: {timeout}\n";

    /// <summary>YAML for agent.kind: command running <paramref name="script"/>.</summary>
    public static string Command(string script, string timeout = "5m") =>
        $"agent:\n  kind: command\n  command: [{Quote(script)}]\n  unit_timeout: {timeout}\n";

    public static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    public void SetPreferences(string agentYaml, string extraYaml = "")
    {
        Repo.Write(".gsd/PREFERENCES.md", $"---\n{agentYaml}{extraYaml}---\n\n# test preferences\n");
        Repo.Commit("gsd preferences");
    }

    /// <summary>`gsd milestone new` through the binary; returns the new id.</summary>
    public string NewMilestone(string title, params string[] dependsOn)
    {
        var args = new List<string> { "milestone", "new", title };
        if (dependsOn.Length > 0)
        {
            args.AddRange(["--depends-on", string.Join(',', dependsOn)]);
        }
        var r = Gsd([.. args]);
        r.ExitCode.ShouldBe(0, r.ToString());
        var id = r.StdOut.Split('/')[2];
        Repo.Commit($"milestone {id}");
        return id;
    }

    /// <summary>A milestone already planned: ROADMAP with one slice and a PLAN with the given tasks, committed.</summary>
    public string PlannedMilestone(string title, params PlannedTaskSpec[] tasks)
    {
        var mid = NewMilestone(title);
        Repo.Write($".gsd/milestones/{mid}/{mid}-ROADMAP.md", $"# {mid}: {title}\n\n## Slices\n\n- [ ] **S01: The slice** `risk:low` `depends:[]`\n");
        var plan = new System.Text.StringBuilder("# S01: The slice\n\n## Tasks\n\n");
        for (var i = 0; i < tasks.Length; i++)
        {
            var t = tasks[i];
            plan.Append(System.Globalization.CultureInfo.InvariantCulture, $"- [ ] **T{i + 1:00}: {t.Title}** `est:5m`\n");
            if (t.Files.Length > 0)
            {
                plan.Append("  - Files: ").Append(string.Join(", ", t.Files.Select(f => $"`{f}`"))).Append('\n');
            }
            if (t.Verify is not null)
            {
                plan.Append("  - Verify: ").Append(t.Verify).Append('\n');
            }
        }
        Repo.Write($".gsd/milestones/{mid}/slices/S01/S01-PLAN.md", plan.ToString());
        Repo.Commit($"plan {mid}");
        return mid;
    }

    public Dictionary<string, string?> Env(IReadOnlyDictionary<string, string?>? extra = null)
    {
        var env = GsdBinary.BaseEnv(GsdHome);
        if (extra is not null)
        {
            foreach (var (k, v) in extra)
            {
                env[k] = v;
            }
        }
        return env;
    }

    /// <summary>Environment of a parallel worker as the coordinator starts it (here in the project root itself).</summary>
    public Dictionary<string, string?> WorkerEnv(string mid, int heartbeatMs = 200) => new()
    {
        ["GSD_PARALLEL_WORKER"] = "1",
        ["GSD_MILESTONE_LOCK"] = mid,
        ["GSD_PROJECT_ROOT"] = Root,
        ["GSD_HEARTBEAT_MS"] = heartbeatMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public ProcessResult Gsd(params string[] args) => Gsd(null, args);

    public ProcessResult Gsd(IReadOnlyDictionary<string, string?>? env, params string[] args) =>
        ProcessRunner.Run(GsdBinary.Path, args, Root, Env(env), timeout: TimeSpan.FromMinutes(5));

    public GsdProcess Start(IReadOnlyDictionary<string, string?>? env, params string[] args) =>
        GsdProcess.Start(Root, Env(env), args);

    public MetricsFile Metrics() => MetricsLedger.ReadFile(MetricsPath);

    public WorkerStatus? Status(string mid)
    {
        try
        {
            return JsonFile.Read(Paths.StatusFile(mid), GsdJsonContext.Default.WorkerStatus);
        }
        catch (GsdException)
        {
            return null;
        }
    }

    public LockRecord? Lock() => PidLock.Read(LockPath);

    public JsonElement MetricsJson() => JsonDocument.Parse(File.ReadAllText(MetricsPath)).RootElement.Clone();

    /// <summary>Commits after <paramref name="since"/> (oldest first).</summary>
    public IReadOnlyList<CommitInfo> CommitsSince(string since)
    {
        var ids = Repo.Git("rev-list", "--reverse", $"{since}..HEAD").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return ids.Select(CommitInfo.Read(Repo)).ToList();
    }

    public void Dispose()
    {
        Repo.Dispose();
        _home.Dispose();
        _scratch.Dispose();
    }
}

public sealed record PlannedTaskSpec(string Title, string[] Files, string? Verify = null);

/// <summary>One commit: subject, body trailers and the files it touched.</summary>
public sealed record CommitInfo(string Id, string Subject, string Body, IReadOnlyList<string> Files)
{
    public static Func<string, CommitInfo> Read(GitRepo repo) => id =>
    {
        var subject = repo.Git("show", "-s", "--format=%s", id);
        var body = repo.Git("show", "-s", "--format=%b", id);
        var files = repo.Git("show", "--name-only", "--format=", id).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return new CommitInfo(id, subject, body, files);
    };

    public string? Trailer(string key) =>
        Body.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(key + ": ", StringComparison.Ordinal))?[(key.Length + 2)..];

    public override string ToString() => $"{Id[..8]} {Subject} [{string.Join(", ", Files)}]";
}
