using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Gsd.Processes;

namespace Gsd.Tests.Parallel;

/// <summary>
/// A real repository on main with a small planned project, driven through the real <c>gsd</c> binary:
/// M001 complete; M002 and M004 planned (one slice, <see cref="Tasks"/> tasks each, both touching shared.txt);
/// M003 depends on M002. Its agent is <see cref="GatedAgent"/> unless the test writes other preferences.
/// Dispose stops the run and kills every process still working in the repository, so nothing outlives a test.
/// </summary>
internal sealed class ParallelProject : IDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    private readonly ProjectBuilder _project = new("gsd-par", new Dictionary<string, string?>
    {
        ["GSD_HEARTBEAT_MS"] = "200",
        ["GSD_COORDINATOR_TICK_MS"] = "200",
        ["GSD_STOP_GRACE_MS"] = "3000",
    });

    public ParallelProject(int tasks = 2, string? extraPreferences = null, int maxWorkers = 2, int maxRestarts = 1)
    {
        Tasks = tasks;
        GateDir = Path.Combine(_project.Scratch, "gate");
        Directory.CreateDirectory(GateDir);
        Agent = GatedAgent.Write(_project.Scratch, GateDir);
        MaxWorkers = maxWorkers;
        MaxRestarts = maxRestarts;
        WritePreferences(Preferences(extraPreferences));
        _project.IgnoreRuntime()
            .Write("shared.txt", "shared file\n<!-- gsd-sim:M002 -->\n\nmiddle\n<!-- gsd-sim:M004 -->\n")
            .Context("M001", "Done already")
            .Summary("M001", "# M001: Done already\n\nAll done.\n");
        Planned("M002", "Second milestone");
        _project.Context("M003", "Waits for M002", "M002");
        Planned("M004", "Fourth milestone");
        _project.Commit("plan the project");
    }

    public GitRepo Repo => _project.Repo;

    /// <summary>parallel.max_workers and max_restarts the next <see cref="Reconfigure"/> writes.</summary>
    public int MaxWorkers { get; set; }

    public int MaxRestarts { get; set; }

    public string Root => Repo.Root;

    public int Tasks { get; }

    public string Agent { get; }

    public string GateDir { get; }

    public string ParallelDir => Path.Combine(Root, ".gsd", "parallel");

    public IDictionary<string, string?> Env => _project.Launcher.Env;

    public string Worktree(string mid) => _project.Worktree(mid);

    /// <summary>
    /// The test's preferences: parallel on with its max_workers and max_restarts, the gated agent, plus
    /// <paramref name="extra"/> (top-level YAML such as a git: section) and <paramref name="parallelExtra"/> (keys of parallel:).
    /// </summary>
    public string Preferences(string? extra = null, string? parallelExtra = null) => $"""
        parallel:
          enabled: true
          max_workers: {MaxWorkers}
          max_restarts: {MaxRestarts}
        {Indent(parallelExtra)}
        agent:
          kind: command
          command: ["{Agent}"]
        {extra ?? string.Empty}
        """;

    /// <summary>Writes <see cref="Preferences"/> with extras and commits them (workers read the committed preferences).</summary>
    public void Reconfigure(string? extra = null, string? parallelExtra = null)
    {
        WritePreferences(Preferences(extra, parallelExtra));
        Repo.Commit("preferences");
    }

    /// <summary>Replaces the frontmatter of .gsd/PREFERENCES.md (not committed: call <see cref="GitRepo.Commit"/> when workers must see it).</summary>
    public void WritePreferences(string yaml) => _project.Preferences(yaml);

    /// <summary>Lets the gated agent finish units: every one, one milestone's ("M002") or one unit ("M002/S01/T01").</summary>
    public void OpenGate(string? scope = null) =>
        File.WriteAllText(Path.Combine(GateDir, scope is null ? "open" : $"open-{scope.Replace('/', '-')}"), "");

    public ProcessResult Gsd(params string[] args) => _project.Launcher.Run(args);

    public ProcessResult GsdIn(string dir, params string[] args) => _project.Launcher.In(dir).Run(args);

    /// <summary>Starts gsd without waiting for it (stdout and stderr captured).</summary>
    public Process StartGsd(params string[] args) => _project.Launcher.Spawn(args);

    /// <summary>Starts gsd in the background, its output collected (see <see cref="GsdProcess"/>).</summary>
    public GsdProcess StartInBackground(params string[] args) => _project.Launcher.Start(args);

    public JsonNode Status()
    {
        var r = Gsd("parallel", "status", "--json");
        r.ExitCode.ShouldBe(0, r.ToString());
        return JsonNode.Parse(r.StdOut)!;
    }

    public JsonNode? Worker(JsonNode status, string mid) =>
        status["workers"]!.AsArray().FirstOrDefault(w => (string?)w!["milestoneId"] == mid);

    public string? WorkerState(string mid) => Worker(Status(), mid) is { } w ? (string?)w["state"] : null;

    public int WorkerPid(string mid) => (int)Worker(Status(), mid)!["pid"]!;

    public JsonNode? StatusFile(string mid)
    {
        var path = Path.Combine(ParallelDir, $"{mid}.status.json");
        return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) : null;
    }

    public JsonNode? CoordinatorFile()
    {
        var path = Path.Combine(ParallelDir, "coordinator.json");
        return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) : null;
    }

    /// <summary>The coordinator's events, as (event, milestoneId, message).</summary>
    public List<(string Event, string? Milestone, string Message)> Events()
    {
        var path = Path.Combine(ParallelDir, "events.ndjson");
        if (!File.Exists(path))
        {
            return [];
        }
        return File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!)
            .Select(e => ((string)e["event"]!, (string?)e["milestoneId"], (string)e["message"]!)).ToList();
    }

    /// <summary>Polls until <paramref name="condition"/> holds; on timeout fails with what was awaited and the run's files.</summary>
    public void WaitUntil(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Deadline);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {what}.\n{Diagnostics()}");
            }
            Thread.Sleep(100);
        }
    }

    public void WaitForState(string mid, string state) => WaitUntil(() => WorkerState(mid) == state, $"{mid} is {state}");

    /// <summary>Waits until the gated agent of <paramref name="mid"/> is running a unit (it records its pid).</summary>
    public int WaitForAgent(string mid)
    {
        var file = Path.Combine(GateDir, $"agent-{mid}.pid");
        WaitUntil(() => File.Exists(file) && File.ReadAllText(file).Trim().Length > 0, $"the agent of {mid} runs");
        return int.Parse(File.ReadAllText(file).Trim().Split('\n')[^1], CultureInfo.InvariantCulture);
    }

    public bool CoordinatorAlive() => (bool?)Status()["coordinator"]!["alive"] == true;

    public string Diagnostics()
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine(Gsd("parallel", "status").All);
        if (Directory.Exists(ParallelDir))
        {
            foreach (var file in Directory.EnumerateFiles(ParallelDir).Where(f => f.EndsWith(".ndjson", StringComparison.Ordinal) || f.EndsWith(".log", StringComparison.Ordinal)))
            {
                var text = File.ReadAllText(file);
                sb.AppendLine($"--- {Path.GetFileName(file)}").AppendLine(text.Length > 4000 ? text[^4000..] : text);
            }
        }
        return sb.ToString();
    }

    /// <summary>Live processes working in this repository (cwd inside it): coordinator, workers, agents.</summary>
    public List<int> ProcessesInRepo() => ProcessesIn(Root);

    private static List<int> ProcessesIn(string root)
    {
        var list = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }
            try
            {
                var cwd = new DirectoryInfo(Path.Combine(dir, "cwd")).LinkTarget;
                if (cwd is not null && (cwd == root || cwd.StartsWith(root + "/", StringComparison.Ordinal)) && ProcessIdentity.IsPidAlive(pid))
                {
                    list.Add(pid);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return list;
    }

    /// <summary>Live `gsd auto` worker processes of <paramref name="mid"/> (working in its worktree).</summary>
    public List<int> WorkerProcesses(string mid) =>
        ProcessesIn(Worktree(mid)).Where(pid =>
        {
            try
            {
                var argv = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
                return argv.Length >= 2 && Path.GetFileName(argv[0]) == "gsd" && argv[1] == "auto";
            }
            catch (IOException)
            {
                return false;
            }
        }).ToList();

    public static bool IsAlive(int pid) => ProcessIdentity.IsPidAlive(pid);

    public void Dispose()
    {
        OpenGate();
        try
        {
            if (Directory.Exists(ParallelDir))
            {
                _project.Launcher.Run(new Dictionary<string, string?> { ["GSD_STOP_GRACE_MS"] = "1000" }, "parallel", "stop");
            }
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
        }
        // Whatever is left (a test that killed the coordinator, a process that ignored everything) is ended here, by pid.
        for (var round = 0; round < 50; round++)
        {
            var left = ProcessesInRepo();
            if (left.Count == 0)
            {
                break;
            }
            foreach (var pid in left)
            {
                NativeMethods.Kill(pid, NativeMethods.SIGKILL);
            }
            Thread.Sleep(100);
        }
        _project.Dispose();
    }

    private static string Indent(string? keys) =>
        string.Join('\n', (keys ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(k => "  " + k.Trim()));

    private void Planned(string id, string title) =>
        _project.PlannedMilestone(id, title, "Only slice", [.. Enumerable.Range(1, Tasks).Select(i =>
            new PlannedTaskSpec($"Task {i}", ["shared.txt", $"{id.ToLowerInvariant()}.txt"]))]);
}
