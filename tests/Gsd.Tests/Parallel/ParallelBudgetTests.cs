using System.Globalization;

namespace Gsd.Tests.Parallel;

/// <summary>Issue 4 item 6: the run's budget ceiling, checked by the coordinator every tick and by each worker before each unit.</summary>
[Collection(EndToEnd.Name)]
public sealed class ParallelBudgetTests
{
    [Fact]
    public void At_the_ceiling_no_new_unit_starts_workers_stop_and_status_says_so()
    {
        const decimal unitCost = 0.40m;
        const decimal ceiling = 1.00m;
        using var p = new ParallelProject(tasks: 5);
        p.Env["AGENT_COST"] = unitCost.ToString(CultureInfo.InvariantCulture);
        p.Reconfigure(parallelExtra: $"budget_ceiling: {ceiling.ToString(CultureInfo.InvariantCulture)}");
        p.OpenGate();

        p.Gsd("parallel", "start", "--yes").ExitCode.ShouldBe(0);
        p.WaitUntil(() => !p.CoordinatorAlive(), "the run ends at the ceiling");

        var status = p.Status();
        ((bool)status["budgetReached"]!).ShouldBeTrue(p.Diagnostics());
        ((decimal)status["budgetCeiling"]!).ShouldBe(ceiling);
        // The ceiling is checked against this run's cost (totalCost is the project's, the same here: nothing ran before).
        var total = (decimal)status["runCost"]!;
        ((decimal)status["totalCost"]!).ShouldBe(total);
        total.ShouldBeGreaterThanOrEqualTo(ceiling);
        // Overshoot is at most the units already running when the ceiling was reached: one per worker.
        total.ShouldBeLessThanOrEqualTo(ceiling + (2 * unitCost), p.Diagnostics());
        foreach (var mid in new[] { "M002", "M004" })
        {
            var w = p.Worker(status, mid)!;
            ((string?)w["state"]).ShouldBe("stopped", p.Diagnostics());
            ((string?)w["error"]).ShouldNotBeNull().ShouldContain("budget ceiling", Case.Insensitive);
            ((int)w["progress"]!["tasksDone"]!).ShouldBeLessThan(5);
        }
        // Every agent run was paid for: nothing ran that the total does not show.
        var agentRuns = new[] { "M002", "M004" }.Sum(mid => File.Exists(Path.Combine(p.GateDir, $"agent-{mid}.pid")) ? File.ReadAllLines(Path.Combine(p.GateDir, $"agent-{mid}.pid")).Length : 0);
        (agentRuns * unitCost).ShouldBe(total);
        ((string?)p.CoordinatorFile()!["exitReason"]).ShouldBe("budget ceiling reached");
        var text = p.Gsd("parallel", "status").StdOut;
        text.ShouldContain("Budget ceiling reached: no new units start");
        text.ShouldContain($"($1.00 ceiling)");
    }
}
