using Gsd.Protocol;

namespace Gsd.Tests.Auto;

/// <summary>Before each unit the worker asks the budget guard; at parallel.budget_ceiling it starts no further unit.</summary>
public sealed class BudgetGuardTests
{
    [Fact]
    public void Parallel_worker_stops_before_a_unit_once_its_spend_reaches_the_ceiling()
    {
        using var project = new AutoProject(AutoProject.Sim(slices: 1, tasks: 3, cost: 0.30m), "parallel:\n  budget_ceiling: 0.50\n");
        var mid = project.NewMilestone("Expensive");

        var run = project.Gsd(project.WorkerEnv(mid), "auto");

        run.ExitCode.ShouldBe(0, run.ToString());
        // plan-milestone ($0.30, under the ceiling) and plan-slice ($0.60 in all) ran; nothing after.
        project.Metrics().Units.Select(u => u.Id).ShouldBe([mid, $"{mid}/S01"]);
        var status = project.Status(mid).ShouldNotBeNull();
        status.State.ShouldBe(WorkerState.Stopped);
        status.Error.ShouldNotBeNull().ShouldContain("Budget ceiling reached");
        status.Error.ShouldContain("$0.60 of the $0.50 ceiling");
        run.StdOut.ShouldContain("Budget ceiling reached");
        project.Repo.Git("status", "--porcelain").ShouldBeEmpty();
    }

    [Fact]
    public void Parallel_worker_counts_what_the_other_workers_of_the_run_have_spent()
    {
        using var project = new AutoProject(AutoProject.Sim(slices: 1, tasks: 1, cost: 0.10m), "parallel:\n  budget_ceiling: 1.00\n");
        var mid = project.NewMilestone("Late comer");
        Directory.CreateDirectory(project.Paths.Directory);
        // Another worker of the same run already spent the whole ceiling.
        File.WriteAllText(project.Paths.StatusFile("M900"), "{\"milestoneId\":\"M900\",\"state\":\"complete\",\"cost\":1.25}");

        var run = project.Gsd(project.WorkerEnv(mid), "auto");

        run.ExitCode.ShouldBe(0, run.ToString());
        File.Exists(project.MetricsPath).ShouldBeFalse("no unit was started");
        project.Status(mid)!.Error.ShouldNotBeNull().ShouldContain("$1.25 of the $1.00 ceiling");
    }

    [Fact]
    public void Solo_worker_counts_only_this_runs_spend()
    {
        using var project = new AutoProject(AutoProject.Sim(slices: 1, tasks: 1, cost: 0.10m), "parallel:\n  budget_ceiling: 1.00\n");
        var mid = project.NewMilestone("Cheap");
        // A long history in the ledger (earlier runs) does not count against this run.
        File.WriteAllText(project.MetricsPath, "{\"version\":1,\"units\":[{\"type\":\"execute-task\",\"id\":\"M000/S01/T01\",\"startedAt\":\"2024-01-01T00:00:00Z\",\"finishedAt\":\"2024-01-01T00:01:00Z\",\"tokens\":{\"input\":1,\"output\":1,\"cacheRead\":0,\"cacheWrite\":0,\"total\":2},\"cost\":99.0}]}");

        var run = project.Gsd("auto");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.StdOut.ShouldContain($"{mid} complete");
        project.Metrics().Units.Count.ShouldBe(6);
    }
}
