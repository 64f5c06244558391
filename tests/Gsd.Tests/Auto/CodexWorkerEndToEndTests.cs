using System.Text.Json;
using Gsd.Agents;
using Gsd.Protocol;
using Gsd.Tests.Support.ResponsesStandIn;

namespace Gsd.Tests.Auto;

/// <summary>
/// `gsd auto` with agent.kind: codex running the real Codex CLI against the loopback Responses API stand-in: a milestone
/// without a roadmap is planned, its slice planned and its task executed through codex's shell tool (exec_command), to
/// complete; the tokens of each run are what codex printed, and its cost is recorded as unknown.
/// </summary>
public sealed class CodexWorkerEndToEndTests
{
    [Fact]
    public void Milestone_without_roadmap_goes_to_complete_through_the_real_codex_cli_with_tokens_recorded_and_cost_unknown()
    {
        var codex = CodexCli.RequirePath();
        using var project = new AutoProject($"agent:\n  kind: codex\n  model: {CodexCli.Model}\n  unit_timeout: 3m\n");
        var mid = project.NewMilestone(GreetingMilestone.Title);
        using var standIn = ResponsesStandIn.Start(
            new ExecCommandReply(GreetingMilestone.RoadmapCommand(mid)),
            new MessageReply("Planned one slice."),
            new ExecCommandReply(GreetingMilestone.SlicePlanCommand(mid)),
            new MessageReply("Planned one task."),
            new ExecCommandReply(GreetingMilestone.HelloCommand("codex")),
            new MessageReply("Created hello.txt."));
        var env = project.WorkerEnv(mid, 500, new Dictionary<string, string?>(CodexCli.OfflineEnvironment(standIn, project.Scratch))
        {
            [CodexAgent.ExecutableVariable] = codex,
        });
        var before = project.Repo.Head();

        var run = project.Gsd(env, "auto");

        var log = project.Paths.AgentLogFile(mid);
        var context = $"{run}\n{standIn.Describe()}\n--- agent log ---\n{project.AgentLog(mid)}";
        run.ExitCode.ShouldBe(0, context);
        GreetingMilestone.ShouldBeComplete(project, mid, before, "codex", standIn.ModelRequests, standIn.RemainingReplies, context);
        var status = project.Status(mid)!;
        status.Cost.ShouldBe(0m);
        status.CostUnknown.ShouldBe(true);
        run.StdOut.ShouldContain("cost unknown", Case.Sensitive, context);

        // What gsd recorded is what the CLI printed, run by run: thread id and turn.completed usage; no cost (codex prints none).
        var threads = Events(log, "thread.started");
        var turns = Events(log, "turn.completed");
        threads.Count.ShouldBe(3, context);
        turns.Count.ShouldBe(3, context);
        var agentUnits = project.Metrics().Units.Where(u => u.Type is "plan-milestone" or "plan-slice" or "execute-task").ToList();
        agentUnits.Select(u => u.Type).ShouldBe(["plan-milestone", "plan-slice", "execute-task"]);
        for (var i = 0; i < 3; i++)
        {
            var usage = turns[i].GetProperty("usage");
            var input = usage.GetProperty("input_tokens").GetInt64();
            var cached = usage.GetProperty("cached_input_tokens").GetInt64();
            var written = usage.GetProperty("cache_write_input_tokens").GetInt64();
            agentUnits[i].Tokens.Input.ShouldBe(input - cached - written);
            agentUnits[i].Tokens.CacheRead.ShouldBe(cached);
            agentUnits[i].Tokens.CacheWrite.ShouldBe(written);
            agentUnits[i].Tokens.Output.ShouldBe(usage.GetProperty("output_tokens").GetInt64());
            agentUnits[i].Tokens.Total.ShouldBeGreaterThan(0);
            agentUnits[i].SessionId.ShouldBe(threads[i].GetProperty("thread_id").GetString());
            agentUnits[i].Model.ShouldBe(CodexCli.Model);
            agentUnits[i].Cost.ShouldBe(0m);
            agentUnits[i].CostUnknown.ShouldBe(true);
        }
        project.MetricsJson().GetProperty("units")[0].GetProperty("costUnknown").GetBoolean().ShouldBeTrue();
    }

    private static List<JsonElement> Events(string log, string type) =>
        [.. File.ReadAllLines(log)
            .Where(l => l.StartsWith($"{{\"type\":\"{type}\"", StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())];
}
