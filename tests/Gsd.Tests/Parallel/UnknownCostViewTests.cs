using Spectre.Console.Testing;
using Gsd.IO;
using Gsd.Layout;
using Gsd.Parallel;
using Gsd.Protocol;
using Gsd.Rendering;

namespace Gsd.Tests.Parallel;

/// <summary>
/// An agent that prints no cost (codex) is never shown as free: its status file says <c>costUnknown</c>, `parallel
/// status` reads it and shows <c>unknown</c> (or the reported part plus <c>?</c>), and `gsd auto` says "cost unknown".
/// </summary>
public sealed class UnknownCostViewTests : IDisposable
{
    private readonly GitRepo _repo = new("gsd-cost");

    public UnknownCostViewTests()
    {
        _repo.Write(".gsd/PREFERENCES.md", "---\nparallel:\n  enabled: true\n---\n");
        _repo.Write(".gsd/.gitignore", ProjectBuilder.RuntimeIgnores);
        Directory.CreateDirectory(Paths.Directory);
    }

    private ParallelPaths Paths => new(_repo.Root);

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Status_reads_cost_unknown_from_the_worker_status_file()
    {
        WriteStatus("M001", cost: 0m, costUnknown: true);
        WriteStatus("M002", cost: 1.25m, costUnknown: null);

        var report = ParallelStatusReader.Read(Paths, null, null, DateTimeOffset.UtcNow, Timings.Default, all: true);

        report.Workers.Single(w => w.MilestoneId == "M001").CostUnknown.ShouldBeTrue();
        report.Workers.Single(w => w.MilestoneId == "M002").CostUnknown.ShouldBeFalse();
    }

    [Theory]
    [InlineData(200)]
    [InlineData(80)]
    public void Dashboard_shows_unknown_cost_never_as_zero_dollars(int width)
    {
        var report = new ParallelStatusReport(new CoordinatorInfo(4242, true, "20261201-120000", 0.4, null), [View("M001", 0m, true), View("M002", 0.5m, true), View("M003", 2m, false)], 2.5m, null, false, [], []);

        var console = new TestConsole();
        console.Profile.Width = width;
        console.Write(ParallelRenderer.Dashboard(report));
        var lines = console.Output.Split('\n');

        lines.Single(l => l.Contains("M001", StringComparison.Ordinal)).ShouldContain("unknown");
        lines.Single(l => l.Contains("M001", StringComparison.Ordinal)).ShouldNotContain("$0.00");
        lines.Single(l => l.Contains("M002", StringComparison.Ordinal)).ShouldContain("$0.50+?");
        lines.Single(l => l.Contains("M003", StringComparison.Ordinal)).ShouldContain("$2.00");
        console.Output.ShouldContain("Some agents report no cost (codex)");
    }

    [Fact]
    public void Auto_unit_end_line_says_cost_unknown()
    {
        var known = new AutoEvent("unit-end", DateTimeOffset.UtcNow, "M001") { UnitType = "execute-task", UnitId = "M001/S01/T01", Outcome = "succeeded", Cost = 0.25m, DurationSeconds = 3 };
        var unknown = known with { Cost = 0m, CostUnknown = true };

        AutoRenderer.Describe(known)!.ShouldContain("cost $0.2500");
        AutoRenderer.Describe(unknown)!.ShouldContain("cost unknown");
        AutoRenderer.Describe(unknown)!.ShouldNotContain("$0");
    }

    private static WorkerView View(string mid, decimal cost, bool costUnknown) =>
        new(mid, "A milestone", "complete", 0, null, 3, new Progress(1, 1, 1, 1), cost, 5, null, $"milestone/{mid}", null, null) { CostUnknown = costUnknown };

    private void WriteStatus(string mid, decimal cost, bool? costUnknown)
    {
        var now = DateTimeOffset.UtcNow;
        JsonFile.Write(Paths.StatusFile(mid), new WorkerStatus
        {
            MilestoneId = mid,
            Pid = int.MaxValue,
            State = WorkerState.Complete,
            Progress = new Progress(1, 1, 1, 1),
            Cost = cost,
            CostUnknown = costUnknown,
            LastHeartbeat = now,
            StartedAt = now.AddMinutes(-1),
            Worktree = Paths.Worktree(mid),
            Branch = $"milestone/{mid}",
        }, GsdJsonContext.Default.WorkerStatus);
    }
}
