using Gsd.Tests.Support;

namespace Gsd.Tests.Auto;

/// <summary>A try killed by agent.unit_timeout records what the agent's stream showed it had spent, marked as an estimate.</summary>
public sealed class CostSoFarTests
{
    [Fact]
    public void Unit_killed_by_unit_timeout_records_its_estimated_cost_so_far()
    {
        using var project = new AutoProject(AutoProject.Sim());
        var agent = TestAgents.WriteScript(project.Scratch, "streaming-then-hanging", """
            cat > /dev/null
            echo '{"type":"assistant","message":{"id":"m1","model":"claude-sonnet-4-5","content":[{"type":"tool_use","id":"t1","name":"Bash","input":{"command":"make"}}],"usage":{"input_tokens":1000,"output_tokens":10}}}'
            exec sleep 1000
            """);
        project.SetPreferences(AutoProject.Command(agent, timeout: "2s"));
        var mid = project.PlannedMilestone("Slow", new PlannedTaskSpec("Never ends", ["a.txt"]));

        var run = project.Gsd("auto");

        run.ExitCode.ShouldBe(10, run.ToString());
        var tries = project.Metrics().Units;
        tries.Count.ShouldBe(3, run.ToString());
        foreach (var t in tries)
        {
            t.Id.ShouldBe($"{mid}/S01/T01");
            t.Outcome.ShouldBe("timed-out");
            t.CostEstimated.ShouldBe(true);
            t.Model.ShouldBe("claude-sonnet-4-5");
            t.Tokens.Input.ShouldBe(1000);
            t.Cost.ShouldBe(((1000 * 3m) + (10 * 15m)) / 1_000_000m);
        }
        var logs = project.Gsd("parallel", "logs", mid, "--unit", $"{mid}/S01/T01");
        logs.ExitCode.ShouldBe(0, logs.ToString());
        logs.StdOut.ShouldContain("  -> Bash: make");
        logs.StdOut.ShouldContain($"{mid}/S01/T01: timed-out, $0.0032 (estimated)");
    }
}
