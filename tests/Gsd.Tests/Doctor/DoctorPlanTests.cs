using Gsd.Doctor;
using Gsd.Tests.Planning;

namespace Gsd.Tests.Doctor;

/// <summary>The plan checks GSD-2's doctor has: each finding names file and line, none is "fixed" by guessing.</summary>
public sealed class DoctorPlanTests : IDisposable
{
    private readonly PlanningTree tree = new();

    public void Dispose() => tree.Dispose();

    private async Task<List<DoctorFinding>> Findings(string code, bool fix = false)
    {
        var report = await DoctorRunner.RunAsync(tree.Root, fix, TimeProvider.System, TestContext.Current.CancellationToken);
        return report.Findings.Where(f => f.Code == code).ToList();
    }

    [Fact]
    public async Task All_slices_done_without_a_milestone_summary_says_gsd_auto_finishes_it()
    {
        tree.Roadmap("M001", "Stuck", "- [x] **S01: One** `risk:low` `depends:[]`", "- [x] **S02: Two** `risk:low` `depends:[S01]`")
            .Roadmap("M002", "Done", "- [x] **S01: One** `risk:low` `depends:[]`").Summary("M002")
            .Roadmap("M003", "Going", "- [x] **S01: One** `risk:low` `depends:[]`", "- [ ] **S02: Two** `risk:low` `depends:[]`")
            .Milestone("M004", "ROADMAP.md", "# M004: Headings\n\n## Slices\n\n### S01: A ✅\n\n### S02: B\n")
            .Slice("M004", "S02", "SUMMARY.md", "---\nid: S02\n---\n# S02: B\n");

        var found = await Findings("milestone-summary-missing", fix: true);

        found.Select(f => f.Message[..f.Message.IndexOf(' ', StringComparison.Ordinal)]).ShouldBe(
            [".gsd/milestones/M001/M001-ROADMAP.md:8:", ".gsd/milestones/M004/M004-ROADMAP.md:7:"]);
        found[0].Message.ShouldContain("`gsd auto`");
        found[0].Message.ShouldContain("complete-milestone");
        found[0].Severity.ShouldBe("warning");
        found[0].Fixable.ShouldBeFalse();
        found[0].Fixed.ShouldBeFalse();
        File.Exists(Path.Combine(tree.Root, ".gsd/milestones/M001/M001-SUMMARY.md")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_slice_depending_on_an_undeclared_slice_is_named_with_its_roadmap_line_and_ranges_count_as_GSD2_reads_them()
    {
        tree.Roadmap(
            "M001",
            "Deps",
            "- [ ] **S01: One** `risk:low` `depends:[]`",
            "- [ ] **S02: Two** `risk:low` `depends:[S01]`",
            "- [ ] **S03: Three** `risk:low` `depends:[S01-S02, S07]`");

        var found = (await Findings("unknown-slice-dependency")).ShouldHaveSingleItem();

        found.Message.ShouldStartWith(".gsd/milestones/M001/M001-ROADMAP.md:9: slice M001/S03 depends on S07");
        tree.Load().Find("M001")!.Slices[2].DependsOn.ShouldBe(["S01", "S02", "S07"]);
    }

    [Fact]
    public async Task Task_summaries_without_a_task_and_summaries_in_the_wrong_place_are_named_and_left_where_they_are()
    {
        tree.Roadmap("M001", "Tasks", "- [ ] **S01: One** `risk:low` `depends:[]`")
            .Slice("M001", "S01", "PLAN.md", "# S01: One\n\n## Tasks\n\n- [ ] **T01: First** `est:5m`\n- [ ] **T02: Second** `est:5m`\n")
            .Task("M001", "S01", "T09", "SUMMARY.md", "---\nid: T09\n---\n# T09\n")
            .Gsd("milestones/M001/slices/S01/T02-SUMMARY.md", "# T02\n");

        var stray = (await Findings("task-summary-without-task", fix: true)).ShouldHaveSingleItem();
        var misplaced = (await Findings("task-summary-misplaced", fix: true)).ShouldHaveSingleItem();

        stray.Message.ShouldStartWith(".gsd/milestones/M001/slices/S01/tasks/T09-SUMMARY.md:1: a summary of T09, but .gsd/milestones/M001/slices/S01/S01-PLAN.md has no task T09");
        stray.Fixed.ShouldBeFalse();
        misplaced.Message.ShouldStartWith(".gsd/milestones/M001/slices/S01/S01-PLAN.md:6: task T02's summary is at .gsd/milestones/M001/slices/S01/T02-SUMMARY.md");
        misplaced.Message.ShouldContain("git mv .gsd/milestones/M001/slices/S01/T02-SUMMARY.md .gsd/milestones/M001/slices/S01/tasks/T02-SUMMARY.md");
        misplaced.Fixed.ShouldBeFalse();
        File.Exists(Path.Combine(tree.Root, ".gsd/milestones/M001/slices/S01/T02-SUMMARY.md")).ShouldBeTrue();
        File.Exists(Path.Combine(tree.Root, ".gsd/milestones/M001/slices/S01/tasks/T09-SUMMARY.md")).ShouldBeTrue();
    }

    [Fact]
    public async Task A_context_depending_on_a_parked_milestone_names_the_line_and_how_to_unpark()
    {
        tree.Context("M001", "Parked one").Milestone("M001", "PARKED.md", "---\nreason: \"later\"\n---\n# M001 — Parked\n")
            .Context("M002", "Waits", "M001");

        var found = (await Findings("depends-on-parked")).ShouldHaveSingleItem();

        found.Message.ShouldStartWith(".gsd/milestones/M002/M002-CONTEXT.md:2: M002 depends on M001, which is parked");
        found.Message.ShouldContain("gsd milestone unpark M001");
    }
}
