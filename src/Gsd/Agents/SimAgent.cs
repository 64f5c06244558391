using System.Globalization;
using System.Text;
using Gsd.Layout;
using Gsd.Planning;

namespace Gsd.Agents;

/// <summary>
/// The built-in simulated agent (kind <c>sim</c>), run as a real child process (<c>gsd sim-agent</c>) through the command
/// path: deterministic, clearly labelled, it writes the files a real agent would and prints a claude-shaped result with a
/// simulated cost. For the demo, tests and benchmarks; it never calls a model.
/// </summary>
public sealed record SimAgentOptions(TimeSpan Delay, int Slices, int Tasks, decimal Cost);

public static class SimAgent
{
    /// <summary>The model name the simulated agent reports, so metrics say plainly that no real model ran.</summary>
    public const string Model = "gsd-sim";

    public static int Run(SimAgentOptions options, TextWriter stdout, TextWriter stderr)
    {
        var unitType = Environment.GetEnvironmentVariable("GSD_UNIT_TYPE") ?? string.Empty;
        var unitId = Environment.GetEnvironmentVariable("GSD_UNIT_ID") ?? string.Empty;
        var mid = Environment.GetEnvironmentVariable("GSD_MILESTONE_ID") ?? string.Empty;
        var checkout = Directory.GetCurrentDirectory();
        if (!MilestoneId.IsValid(mid))
        {
            stderr.WriteLine($"sim-agent: GSD_MILESTONE_ID '{mid}' is not a milestone id; run me through `gsd auto` with agent.kind: sim.");
            return 2;
        }
        var doing = System.Text.Json.JsonEncodedText.Encode($"{unitType} {unitId}");
        // One event in Claude Code's stream-json shape first, so `status` shows what the simulated agent is doing.
        stdout.WriteLine(
            $$$"""{"type":"assistant","message":{"id":"sim-{{{Guid.NewGuid():N}}}","model":"{{{Model}}}","content":[{"type":"tool_use","id":"sim-tool","name":"Simulate","input":{"description":"{{{doing}}}"}}]}}""");
        stdout.Flush();
        if (options.Delay > TimeSpan.Zero)
        {
            Thread.Sleep(options.Delay);
        }
        var parts = unitId.Split('/');
        string summary;
        switch (unitType)
        {
            case "plan-milestone":
                summary = PlanMilestone(checkout, mid, options.Slices);
                break;
            case "plan-slice" when parts.Length == 2:
                summary = PlanSlice(checkout, mid, parts[1], options.Tasks);
                break;
            case "execute-task" when parts.Length == 3:
                summary = ExecuteTask(checkout, mid, parts[1], parts[2]);
                break;
            default:
                stderr.WriteLine($"sim-agent: unknown unit {unitType} {unitId}");
                return 2;
        }
        var cost = options.Cost.ToString("0.######", CultureInfo.InvariantCulture);
        stdout.WriteLine(
            $$"""{"type":"result","subtype":"success","is_error":false,"total_cost_usd":{{cost}},"usage":{"input_tokens":1200,"output_tokens":300,"cache_read_input_tokens":0,"cache_creation_input_tokens":0},"model":"{{Model}}","session_id":"sim-{{Guid.NewGuid():N}}","result":"[simulated agent] {{summary}}"}""");
        return 0;
    }

    private static string PlanMilestone(string checkout, string mid, int slices)
    {
        var title = PlanningLoader.LoadMilestone(checkout, mid).Title;
        var sb = new StringBuilder($"# {mid}: {title}\n\n## Slices\n\n");
        for (var i = 1; i <= slices; i++)
        {
            var deps = i == 1 ? string.Empty : $"S{i - 1:00}";
            sb.Append(CultureInfo.InvariantCulture, $"- [ ] **S{i:00}: Simulated slice {i}** `risk:low` `depends:[{deps}]`\n");
        }
        File.WriteAllText(GsdPaths.RoadmapFile(checkout, mid), sb.ToString());
        return $"planned {slices} slices";
    }

    private static string PlanSlice(string checkout, string mid, string sid, int tasks)
    {
        var slice = PlanningLoader.LoadMilestone(checkout, mid).Slices.First(s => s.Id == sid);
        var sb = new StringBuilder($"# {sid}: {slice.Title}\n\n## Tasks\n\n");
        for (var i = 1; i <= tasks; i++)
        {
            var file = $"sim/{mid.ToLowerInvariant()}/{sid.ToLowerInvariant()}-t{i:00}.txt";
            sb.Append(CultureInfo.InvariantCulture, $"- [ ] **T{i:00}: Simulated task {i}** `est:5m`\n  - Files: `{file}`\n  - Verify: test -s {file}\n");
        }
        var path = GsdPaths.SlicePlanFile(checkout, mid, sid);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, sb.ToString());
        return $"planned {tasks} tasks for {sid}";
    }

    private static string ExecuteTask(string checkout, string mid, string sid, string tid)
    {
        var task = PlanningLoader.LoadMilestone(checkout, mid).Slices.First(s => s.Id == sid).Tasks.First(t => t.Id == tid);
        var files = task.Files.Count == 0 ? [$"sim/{mid.ToLowerInvariant()}/{sid.ToLowerInvariant()}-{tid.ToLowerInvariant()}.txt"] : task.Files;
        foreach (var file in files)
        {
            if (Path.IsPathRooted(file) || file.Split('/').Any(p => p == ".."))
            {
                continue;
            }
            var path = Path.Combine(checkout, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var line = $"{mid}/{sid}/{tid}: {task.Title}";
            var existing = File.Exists(path) ? File.ReadAllLines(path).ToList() : [];
            // A marker line `gsd-sim:<MID>` gives each milestone its own place in a shared file, so parallel edits merge cleanly.
            var marker = existing.FindIndex(l => l.Contains($"gsd-sim:{mid}", StringComparison.Ordinal));
            if (marker >= 0)
            {
                var at = marker + 1;
                while (at < existing.Count && existing[at].StartsWith(mid + "/", StringComparison.Ordinal))
                {
                    at++;
                }
                existing.Insert(at, line);
            }
            else
            {
                existing.Add(line);
            }
            File.WriteAllText(path, string.Join('\n', existing) + "\n");
        }
        return $"wrote {string.Join(", ", files)}";
    }
}
