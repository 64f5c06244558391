using System.Text.Json.Nodes;
using System.Text.Json;
using Gsd.Agents;
using Gsd.Protocol;
using Gsd.Tests.Support.AnthropicStandIn;

namespace Gsd.Tests.Auto;

/// <summary>
/// `gsd auto` with agent.kind: claude running the real Claude Code CLI against the loopback Messages API stand-in:
/// a milestone without a roadmap is planned, its slice planned and its task executed through Bash tool calls, to complete.
/// </summary>
public sealed class ClaudeWorkerEndToEndTests
{
    [Fact]
    public void Milestone_without_roadmap_goes_to_complete_through_the_real_claude_cli_and_cost_is_what_the_cli_reported()
    {
        var claude = ClaudeCli.RequirePath();
        using var project = new AutoProject("agent:\n  kind: claude\n  args: [--bare]\n  unit_timeout: 3m\n");
        var mid = project.NewMilestone(GreetingMilestone.Title);
        using var standIn = AnthropicStandIn.Start(
            Bash(GreetingMilestone.RoadmapCommand(mid), "Write the roadmap"),
            new TextReply("Planned one slice."),
            Bash(GreetingMilestone.SlicePlanCommand(mid), "Write the slice plan"),
            new TextReply("Planned one task."),
            Bash(GreetingMilestone.HelloCommand("claude"), "Write hello.txt"),
            new TextReply("Created hello.txt."));
        var env = project.WorkerEnv(mid, 500, new Dictionary<string, string?>(ClaudeCli.OfflineEnvironment(standIn, project.Scratch))
        {
            [ClaudeAgent.ExecutableVariable] = claude,
        });
        var before = project.Repo.Head();

        var run = project.Gsd(env, "auto");

        var log = project.Paths.AgentLogFile(mid);
        var context = $"{run}\n{standIn.Describe()}\n--- agent log ---\n{project.AgentLog(mid)}";
        run.ExitCode.ShouldBe(0, context);
        GreetingMilestone.ShouldBeComplete(project, mid, before, "claude", standIn.MessageRequests, standIn.RemainingReplies, context);

        // What gsd recorded is exactly what the CLI printed, run by run.
        var printed = File.ReadAllLines(log)
            .Where(l => l.StartsWith('{') && l.Contains("\"total_cost_usd\"", StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .ToList();
        printed.Count.ShouldBe(3, context);
        var agentUnits = project.Metrics().Units.Where(u => u.Type is "plan-milestone" or "plan-slice" or "execute-task").ToList();
        agentUnits.Select(u => u.Type).ShouldBe(["plan-milestone", "plan-slice", "execute-task"]);
        for (var i = 0; i < 3; i++)
        {
            var cost = printed[i].GetProperty("total_cost_usd").GetDecimal();
            cost.ShouldBeGreaterThan(0m);
            agentUnits[i].Cost.ShouldBe(cost);
            agentUnits[i].SessionId.ShouldBe(printed[i].GetProperty("session_id").GetString());
            var usage = printed[i].GetProperty("usage");
            agentUnits[i].Tokens.Input.ShouldBe(usage.GetProperty("input_tokens").GetInt64());
            agentUnits[i].Tokens.Output.ShouldBe(usage.GetProperty("output_tokens").GetInt64());
            agentUnits[i].Model.ShouldNotBeNullOrEmpty();
        }
        project.Metrics().Units.Sum(u => u.Cost).ShouldBe(printed.Sum(p => p.GetProperty("total_cost_usd").GetDecimal()));
    }

    private static ToolUseReply Bash(string command, string description) =>
        new("Bash", new JsonObject { ["command"] = command, ["description"] = description }.ToJsonString());
}
