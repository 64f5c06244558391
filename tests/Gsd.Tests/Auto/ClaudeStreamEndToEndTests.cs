using System.Text.Json;
using System.Text.Json.Nodes;
using Gsd.Agents;
using Gsd.Protocol;
using Gsd.Tests.Support.AnthropicStandIn;

namespace Gsd.Tests.Auto;

/// <summary>
/// A parallel worker running the real Claude Code CLI against the loopback Messages API stand-in: while the agent's Bash
/// tool call runs, `status` shows it as the worker's activity with the unit's cost so far; a stop in the middle of the unit
/// records that cost (estimated from the streamed tokens) in metrics, and `gsd parallel logs` tells what happened.
/// </summary>
public sealed class ClaudeStreamEndToEndTests
{
    // Read-only inside the checkout, so Claude Code runs it without asking; it never ends by itself.
    private const string LongCommand = "tail -f waiting.txt";

    [Fact]
    public void Activity_and_cost_so_far_show_while_the_unit_runs_and_a_stop_records_that_cost()
    {
        var claude = ClaudeCli.RequirePath();
        using var project = new AutoProject("agent:\n  kind: claude\n  args: [--bare]\n  unit_timeout: 3m\n", "parallel:\n  enabled: true\n");
        project.Repo.Write("waiting.txt", "waiting\n");
        project.Repo.Commit("a file to follow");
        var mid = project.PlannedMilestone("Busy", new PlannedTaskSpec("Run the long command", ["out.txt"]));
        // The tool call runs until the stop kills it (Claude Code's own 60 s tool timeout bounds it should anything leak).
        using var standIn = AnthropicStandIn.Start(
            new ToolUseReply("Bash", new JsonObject { ["command"] = LongCommand, ["description"] = "Wait for ever", ["timeout"] = 60000 }.ToJsonString()));
        var env = project.WorkerEnv(mid, 300, new Dictionary<string, string?>(ClaudeCli.OfflineEnvironment(standIn, project.Scratch))
        {
            [ClaudeAgent.ExecutableVariable] = claude,
        });
        using var worker = project.Start(env, "auto");
        string Context() => $"{worker}\n{standIn.Describe()}\n--- agent log ---\n{project.AgentLog(mid)}";

        var busy = Eventually.Value(() => project.Status(mid), s => s.Activity == $"Bash: {LongCommand}", Context);
        busy.CurrentUnit.ShouldNotBeNull().Id.ShouldBe($"{mid}/S01/T01");
        busy.UnitCostSoFar.ShouldNotBeNull().ShouldBeGreaterThan(0m, Context());

        var status = project.Gsd("parallel", "status", "--json");
        status.ExitCode.ShouldBe(0, status.ToString());
        var view = JsonDocument.Parse(status.StdOut).RootElement.GetProperty("workers").EnumerateArray().Single(w => w.GetProperty("milestoneId").GetString() == mid);
        view.GetProperty("activity").GetString().ShouldBe($"Bash: {LongCommand}", status.StdOut);
        view.GetProperty("unitCostSoFar").GetDecimal().ShouldBe(busy.UnitCostSoFar.Value, status.StdOut);
        project.Gsd("parallel", "status").StdOut.ShouldContain($"{mid} now: Bash: {LongCommand}");

        SignalSender.Send(project.Paths, mid, Signals.Stop, "test", TimeProvider.System);

        worker.WaitForExit().ShouldBe(0, Context());
        var final = project.Status(mid).ShouldNotBeNull();
        final.State.ShouldBe(WorkerState.Stopped, Context());
        final.Activity.ShouldBeNull();
        final.UnitCostSoFar.ShouldBeNull();
        var unit = project.Metrics().Units.ShouldHaveSingleItem(Context());
        unit.Id.ShouldBe($"{mid}/S01/T01");
        unit.Outcome.ShouldBe("interrupted");
        unit.CostEstimated.ShouldBe(true);
        unit.Cost.ShouldBe(busy.UnitCostSoFar.Value, Context());
        unit.Tokens.Input.ShouldBe(1000, Context());
        unit.Model.ShouldBe(JsonDocument.Parse(standIn.MessageRequests[0].Body).RootElement.GetProperty("model").GetString());
        unit.Cost.ShouldBe(ModelPrices.Estimate(unit.Model, new TokenUsage(unit.Tokens.Input, unit.Tokens.Output, unit.Tokens.CacheRead, unit.Tokens.CacheWrite)));
        final.Cost.ShouldBe(unit.Cost, "the worker's total counts the interrupted unit");

        var logs = project.Gsd("parallel", "logs", mid);
        logs.ExitCode.ShouldBe(0, logs.ToString());
        logs.StdOut.ShouldContain($"execute-task {mid}/S01/T01 (try 1, claude)");
        logs.StdOut.ShouldContain($"-> Bash: {LongCommand}");
        logs.StdOut.ShouldContain($"{mid}/S01/T01: interrupted, $");
        logs.StdOut.ShouldContain("(estimated)");
    }
}
