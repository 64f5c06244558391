using System.Text.Json;
using Gsd.IO;
using Gsd.Layout;
using Gsd.Processes;
using Gsd.Protocol;

namespace Gsd.Tests.Auto;

/// <summary>
/// A real git repository made into a gsd project by the real binary (`gsd init`, `gsd milestone new`), with the
/// agent preferences a test asks for, committed — ready for `gsd auto`.
/// </summary>
public sealed class AutoProject : IDisposable
{
    private readonly ProjectBuilder _project = new("gsd-auto");

    public AutoProject(string agentYaml, string extraYaml = "")
    {
        _project.InitGsd();
        SetPreferences(agentYaml, extraYaml);
    }

    public GitRepo Repo => _project.Repo;

    public string Root => Repo.Root;

    /// <summary>A folder outside the repository for test agents and what they record.</summary>
    public string Scratch => _project.Scratch;

    public string GsdHome => _project.Home;

    public string MetricsPath => Repo.Path(".gsd/metrics.json");

    public string LockPath => Repo.Path(".gsd/auto.lock");

    public ParallelPaths Paths => _project.Paths;

    /// <summary>YAML for the sim agent with its options (delay, slices, tasks, cost) as agent.args.</summary>
    public static string Sim(string delay = "0s", int slices = 1, int tasks = 2, decimal cost = 0.01m, string timeout = "5m") =>
        $"agent:\n  kind: sim\n  args: [--delay, {delay}, --slices, {slices}, --tasks, {tasks}, --cost, {cost.ToString(System.Globalization.CultureInfo.InvariantCulture)}]\n  unit_timeout: {timeout}\n";

    /// <summary>YAML for agent.kind: command running <paramref name="script"/>.</summary>
    public static string Command(string script, string timeout = "5m") =>
        $"agent:\n  kind: command\n  command: [{Quote(script)}]\n  unit_timeout: {timeout}\n";

    public static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    public void SetPreferences(string agentYaml, string extraYaml = "") =>
        _project.Preferences(agentYaml + extraYaml, "\n# test preferences\n").Commit("gsd preferences");

    /// <summary>`gsd milestone new` through the binary; returns the new id.</summary>
    public string NewMilestone(string title, params string[] dependsOn) => _project.NewMilestone(title, dependsOn);

    /// <summary>A milestone already planned: ROADMAP with one slice and a PLAN with the given tasks, committed.</summary>
    public string PlannedMilestone(string title, params PlannedTaskSpec[] tasks)
    {
        var mid = NewMilestone(title);
        _project.Roadmap(mid, title, ProjectBuilder.SliceLine("S01", "The slice")).Plan(mid, "S01", "The slice", tasks).Commit($"plan {mid}");
        return mid;
    }

    /// <summary>The environment of every gsd run here, plus <paramref name="extra"/>.</summary>
    public Dictionary<string, string?> Env(IReadOnlyDictionary<string, string?>? extra = null) => _project.Launcher.With(extra).Env;

    /// <summary>Environment of a parallel worker as the coordinator starts it (here in the project root itself).</summary>
    public Dictionary<string, string?> WorkerEnv(string mid, int heartbeatMs = 200) => new()
    {
        ["GSD_PARALLEL_WORKER"] = "1",
        ["GSD_MILESTONE_LOCK"] = mid,
        ["GSD_PROJECT_ROOT"] = Root,
        ["GSD_HEARTBEAT_MS"] = heartbeatMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>A worker's environment (<see cref="WorkerEnv(string, int)"/>) on top of an agent CLI's (offline, its executable).</summary>
    public Dictionary<string, string?> WorkerEnv(string mid, int heartbeatMs, IReadOnlyDictionary<string, string?> agentEnv)
    {
        var env = new Dictionary<string, string?>(agentEnv);
        foreach (var (name, value) in WorkerEnv(mid, heartbeatMs))
        {
            env[name] = value;
        }
        return env;
    }

    /// <summary>The agent log of <paramref name="mid"/>, or "(none)", for assertion messages.</summary>
    public string AgentLog(string mid) => File.Exists(Paths.AgentLogFile(mid)) ? File.ReadAllText(Paths.AgentLogFile(mid)) : "(none)";

    public ProcessResult Gsd(params string[] args) => Gsd(null, args);

    public ProcessResult Gsd(IReadOnlyDictionary<string, string?>? env, params string[] args) => _project.Launcher.Run(env, args);

    public GsdProcess Start(IReadOnlyDictionary<string, string?>? env, params string[] args) => _project.Launcher.Start(env, args);

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
    public IReadOnlyList<CommitInfo> CommitsSince(string since) => _project.CommitsSince(since);

    public void Dispose() => _project.Dispose();
}
