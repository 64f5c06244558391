using Gsd.Planning;
using Gsd.Tests.Support;

namespace Gsd.Tests.Planning;

public sealed class PlanningLoaderTests : IDisposable
{
    private readonly PlanningTree tree = new();

    public void Dispose() => tree.Dispose();

    [Fact]
    public void Without_a_gsd_directory_loading_fails_with_a_usage_error_naming_the_directory()
    {
        using var empty = new TempDir();
        var ex = Should.Throw<GsdException>(() => PlanningLoader.Load(empty.Path));
        ex.ExitCode.ShouldBe(ExitCodes.Usage);
        ex.Message.ShouldContain(empty.Path);
        ex.Message.ShouldContain("gsd init");
    }

    [Fact]
    public void A_fresh_project_without_milestones_loads_empty()
    {
        using var fresh = new TempDir();
        Directory.CreateDirectory(Path.Combine(fresh.Path, ".gsd"));
        var project = PlanningLoader.Load(fresh.Path);
        project.Milestones.ShouldBeEmpty();
        project.Problems.ShouldBeEmpty();
    }

    [Fact]
    public void Directories_that_are_not_milestone_ids_are_reported_and_skipped()
    {
        tree.Context("M001", "A").Gsd("milestones/m002/m002-CONTEXT.md", "# m002: B\n").Gsd("milestones/M1/x.md", "x")
            .Gsd("milestones/.trash/x.md", "x").Gsd("milestones/notes.md", "a file is ignored");
        var project = tree.Load();
        project.Milestones.Select(m => m.Id).ShouldBe(["M001"]);
        project.Problems.Select(p => (p.Code, p.Path)).ShouldBe([
            (ProblemCodes.InvalidId, ".gsd/milestones/M1"),
            (ProblemCodes.InvalidId, ".gsd/milestones/m002"),
        ]);
        project.Problems[0].Message.ShouldContain("'M1' is not a milestone id");
    }

    [Fact]
    public void An_unreadable_file_is_reported_by_path_and_the_rest_loads()
    {
        tree.Context("M001", "A").Roadmap("M002", "Two", "- [ ] **S01: A**").Context("M002", "Ctx");
        // A dangling symlink cannot be read, even by root.
        File.CreateSymbolicLink(Path.Combine(tree.Root, ".gsd/milestones/M001/M001-ROADMAP.md"), "/nonexistent/target");
        var project = tree.Load();
        project.Milestones.Count.ShouldBe(2);
        project.Find("M001")!.Title.ShouldBe("A");
        project.Find("M002")!.SlicesTotal.ShouldBe(1);
        var problem = project.Problems.ShouldHaveSingleItem();
        problem.Code.ShouldBe(ProblemCodes.UnreadableFile);
        problem.Path.ShouldBe(".gsd/milestones/M001/M001-ROADMAP.md");
        problem.Message.ShouldContain("cannot read");
    }

    [Fact]
    public void File_names_are_found_regardless_of_case()
    {
        tree.Gsd("milestones/M001/m001-roadmap.md", "# M001: Lower\n\n## Slices\n\n- [x] **S01: A**\n");
        var m = tree.Load().Find("M001")!;
        m.HasRoadmap.ShouldBeTrue();
        m.Title.ShouldBe("Lower");
    }

    [Fact]
    public void Load_milestone_decides_ready_or_blocked_from_its_dependencies_files()
    {
        tree.Context("M001", "A").Summary("M001").Context("M002", "B").Milestone("M002", "PARKED.md", "x")
            .Context("M003", "C", "M001").Context("M004", "D", "M001", "M002", "M009");
        PlanningLoader.LoadMilestone(tree.Root, "M003").Status.ShouldBe(MilestoneStatus.Ready);
        var m4 = PlanningLoader.LoadMilestone(tree.Root, "M004");
        m4.Status.ShouldBe(MilestoneStatus.Blocked);
        m4.WaitingFor.ShouldBe(["M002", "M009"]);
        PlanningLoader.LoadMilestone(tree.Root, "M001").Status.ShouldBe(MilestoneStatus.Complete);
    }

    [Fact]
    public void Load_milestone_refuses_invalid_and_missing_ids()
    {
        Should.Throw<GsdException>(() => PlanningLoader.LoadMilestone(tree.Root, "../M001")).Message.ShouldContain("'../M001'");
        var missing = Should.Throw<GsdException>(() => PlanningLoader.LoadMilestone(tree.Root, "M042"));
        missing.Message.ShouldContain("M042 not found");
        missing.ExitCode.ShouldBe(ExitCodes.Usage);
    }

    [Fact]
    public void Load_milestone_lists_the_problems_of_its_own_files()
    {
        tree.Milestone("M001", "CONTEXT.md", "---\ndepends_on: [M002\n---\n# M001: A\n");
        var m = PlanningLoader.LoadMilestone(tree.Root, "M001");
        m.Problems.ShouldHaveSingleItem().Path.ShouldBe(".gsd/milestones/M001/M001-CONTEXT.md");
    }

    [Fact]
    public void An_unreadable_plan_still_counts_as_existing_so_nobody_plans_over_it()
    {
        tree.Roadmap("M001", "A", "- [ ] **S01: One**");
        Directory.CreateDirectory(Path.Combine(tree.Root, ".gsd/milestones/M001/slices/S01"));
        File.CreateSymbolicLink(Path.Combine(tree.Root, ".gsd/milestones/M001/slices/S01/S01-PLAN.md"), "/nonexistent/plan");
        var project = tree.Load();
        var slice = project.Find("M001")!.Slices.ShouldHaveSingleItem();
        slice.HasPlan.ShouldBeTrue();
        slice.Tasks.ShouldBeEmpty();
        project.Problems.ShouldHaveSingleItem().Path.ShouldBe(".gsd/milestones/M001/slices/S01/S01-PLAN.md");
    }
}
