using Gsd.Planning;

namespace Gsd.Tests.Planning;

public sealed class MilestoneStatusTests : IDisposable
{
    private readonly PlanningTree tree = new();

    public void Dispose() => tree.Dispose();

    [Fact]
    public void A_summary_that_is_no_failure_report_makes_the_milestone_complete()
    {
        tree.Context("M001", "A").Summary("M001", "---\nstatus: done\nmigrated: true\n---\n\n# M001: A\n")
            .Context("M002", "B").Summary("M002", "# M002: B — Implementation Summary\n\n**Status:** Implemented; UAT pending\n");
        var project = tree.Load();
        project.Find("M001")!.Status.ShouldBe(MilestoneStatus.Complete);
        project.Find("M002")!.Status.ShouldBe(MilestoneStatus.Complete);
        project.Problems.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("---\nstatus: failed\n---\n# M001: A\n", 2, "status: failed")]
    [InlineData("---\nid: M001\nstatus: Active\n---\n# M001: A\n", 3, "status: Active")]
    [InlineData("---\nstatus: pending\n---\n", 2, "status: pending")]
    [InlineData("---\nstatus: blocked\n---\n", 2, "status: blocked")]
    [InlineData("---\nstatus: complete\n---\n\n# BLOCKER\n\nauto-mode recovery failed.\n", 5, "BLOCKER")]
    [InlineData("# M001: A\n\nTests ran.\nVerification failed: 3 tests red.\n", 4, "verification failed")]
    [InlineData("# M001: A\n\n## Blocker: the API key is missing\n", 3, "BLOCKER")]
    public void A_failure_report_summary_is_not_complete_and_says_why(string summary, int line, string reason)
    {
        tree.Context("M001", "A").Summary("M001", summary).Context("M002", "B", "M001");
        var project = tree.Load();
        var m = project.Find("M001")!;
        m.Status.ShouldBe(MilestoneStatus.Ready);
        m.HasSummary.ShouldBeTrue();
        m.SummaryIsFailureReport.ShouldBeTrue();
        project.Find("M002")!.Status.ShouldBe(MilestoneStatus.Blocked);
        var problem = project.Problems.ShouldHaveSingleItem();
        problem.Code.ShouldBe(ProblemCodes.FailureReport);
        problem.Path.ShouldBe(".gsd/milestones/M001/M001-SUMMARY.md");
        problem.Line.ShouldBe(line);
        problem.Message.ShouldContain(reason, Case.Insensitive);
    }

    [Fact]
    public void A_blockers_section_in_a_success_summary_is_no_blocker_heading()
    {
        tree.Context("M001", "A").Summary("M001", "# M001: A\n\n## Blockers\n\nNone.\n");
        tree.Load().Find("M001")!.Status.ShouldBe(MilestoneStatus.Complete);
    }

    [Fact]
    public void Parked_is_skipped_and_never_satisfies_a_dependency()
    {
        tree.Context("M001", "A").Milestone("M001", "PARKED.md", "# Parked\n\nLater.\n").Context("M002", "B", "M001");
        var project = tree.Load();
        var m1 = project.Find("M001")!;
        m1.Status.ShouldBe(MilestoneStatus.Parked);
        m1.IsParked.ShouldBeTrue();
        var m2 = project.Find("M002")!;
        m2.Status.ShouldBe(MilestoneStatus.Blocked);
        m2.WaitingFor.ShouldBe(["M001"]);
    }

    [Fact]
    public void Complete_wins_over_parked()
    {
        tree.Context("M001", "A").Summary("M001").Milestone("M001", "PARKED.md", "x");
        tree.Load().Find("M001")!.Status.ShouldBe(MilestoneStatus.Complete);
    }

    [Fact]
    public void A_directory_with_no_milestone_level_file_is_a_ghost()
    {
        tree.Slice("M002", "S01", "PLAN.md", "## Tasks\n\n- [x] **T01: A** `est:5m`\n").Milestone("M002", "META.json", "{\"integrationBranch\":\"main\"}");
        var project = tree.Load();
        var m = project.Find("M002")!;
        m.Status.ShouldBe(MilestoneStatus.Ghost);
        m.IsGhost.ShouldBeTrue();
        m.Title.ShouldBe("");
        m.Slices.ShouldBeEmpty();
        var problem = project.Problems.ShouldHaveSingleItem();
        problem.Code.ShouldBe(ProblemCodes.Ghost);
        problem.Path.ShouldBe(".gsd/milestones/M002");
    }

    [Fact]
    public void Ready_when_every_dependency_is_complete_blocked_otherwise()
    {
        tree.Context("M001", "A").Summary("M001")
            .Context("M002", "B", "M001")
            .Context("M003", "C", "M001", "M002");
        var project = tree.Load();
        project.Find("M002")!.Status.ShouldBe(MilestoneStatus.Ready);
        var m3 = project.Find("M003")!;
        m3.Status.ShouldBe(MilestoneStatus.Blocked);
        m3.WaitingFor.ShouldBe(["M002"]);
    }

    [Fact]
    public void An_unknown_dependency_blocks_and_is_reported_with_file_and_line()
    {
        tree.Context("M001", "A")
            .Milestone("M002", "CONTEXT.md", "---\ntitle: x\ndepends_on:\n  - M001\n  - M009\n---\n# M002: B\n");
        var project = tree.Load();
        var m = project.Find("M002")!;
        m.Status.ShouldBe(MilestoneStatus.Blocked);
        m.WaitingFor.ShouldBe(["M001", "M009"]);
        var problem = project.Problems.ShouldHaveSingleItem();
        problem.Code.ShouldBe(ProblemCodes.UnknownDependency);
        problem.Path.ShouldBe(".gsd/milestones/M002/M002-CONTEXT.md");
        problem.Line.ShouldBe(5);
        problem.Message.ShouldContain("M002 depends on M009");
        problem.MilestoneId.ShouldBe("M002");
    }

    [Fact]
    public void A_dependency_that_is_no_milestone_id_is_reported_as_such()
    {
        tree.Milestone("M002", "CONTEXT.md", "---\ndepends_on: [milestone one]\n---\n# M002: B\n");
        var project = tree.Load();
        project.Find("M002")!.WaitingFor.ShouldBe(["milestone one"]);
        project.Problems.ShouldHaveSingleItem().Message.ShouldContain("not a milestone id");
    }

    [Fact]
    public void Meta_json_gives_the_integration_branch()
    {
        tree.Context("M001", "A").Milestone("M001", "META.json", "{\n  \"integrationBranch\": \"develop\"\n}\n");
        tree.Load().Find("M001")!.IntegrationBranch.ShouldBe("develop");
    }

    [Fact]
    public void Bad_meta_json_is_reported_with_its_line()
    {
        tree.Context("M001", "A").Milestone("M001", "META.json", "{\n  \"integrationBranch\": \"main\"\n  \"x\": 1\n}\n");
        var project = tree.Load();
        project.Find("M001")!.IntegrationBranch.ShouldBeNull();
        var problem = project.Problems.ShouldHaveSingleItem();
        problem.Code.ShouldBe(ProblemCodes.BadJson);
        problem.Path.ShouldBe(".gsd/milestones/M001/M001-META.json");
        problem.Line.ShouldBe(3);
    }

    [Fact]
    public void An_integration_branch_git_would_misread_is_ignored_and_reported()
    {
        tree.Context("M001", "A").Milestone("M001", "META.json", "{\"integrationBranch\": \"--force\"}");
        var project = tree.Load();
        project.Find("M001")!.IntegrationBranch.ShouldBeNull();
        project.Problems.ShouldHaveSingleItem().Message.ShouldContain("--force");
    }
}
