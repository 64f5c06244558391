using Gsd.Planning;

namespace Gsd.Tests.Planning;

public sealed class RoadmapParsingTests : IDisposable
{
    private readonly PlanningTree tree = new();

    public void Dispose() => tree.Dispose();

    [Fact]
    public void Checkbox_slices_carry_done_risk_and_depends()
    {
        tree.Roadmap(
            "M001",
            "Checkbox",
            "- [x] **S01: First** `risk:high` `depends:[]`",
            "  > After this: something",
            "- [X] **S02: Second — with dash** `risk:medium` `depends:[S01]`",
            "- [ ] **S03: Third** `risk:low` `depends:[S01,S02]`",
            "- [ ] A plain criteria checkbox is no slice",
            "  - [ ] **T01: a nested task is no slice**");
        var m = tree.Load().Find("M001")!;
        m.RoadmapFormat.ShouldBe(RoadmapFormat.Checkbox);
        m.Title.ShouldBe("Checkbox");
        m.TitleSource.ShouldBe(TitleSource.Roadmap);
        m.Slices.Select(s => s.Id).ShouldBe(["S01", "S02", "S03"]);
        m.Slices.Select(s => s.Done).ShouldBe([true, true, false]);
        m.Slices[1].Title.ShouldBe("Second — with dash");
        m.Slices[2].Risk.ShouldBe("low");
        m.Slices[2].DependsOn.ShouldBe(["S01", "S02"]);
        m.Slices[0].Line.ShouldBe(7);
        (m.SlicesDone, m.SlicesTotal).ShouldBe((2, 3));
    }

    [Fact]
    public void Table_slices_are_read_by_column_name()
    {
        tree.Milestone("M001", "ROADMAP.md", """
            # M001: 

            ## Slice Overview
            | ID | Slice | Risk | Depends | Done | After this |
            |----|-------|------|---------|------|------------|
            | S01 | Provider registration | high | — | ✅ | A test host can `a | b` choose |
            | S02 | Ingress | high | S01 | ⬜ | Something |
            | S03 | Package proof | medium | S01, S02 | ✅ | More |
            """).Context("M001", "From Context");
        var m = tree.Load().Find("M001")!;
        m.RoadmapFormat.ShouldBe(RoadmapFormat.Table);
        m.Title.ShouldBe("From Context");
        m.Slices.Select(s => s.Id).ShouldBe(["S01", "S02", "S03"]);
        m.Slices.Select(s => s.Done).ShouldBe([true, false, true]);
        m.Slices[0].DependsOn.ShouldBeEmpty();
        m.Slices[2].DependsOn.ShouldBe(["S01", "S02"]);
        m.Slices[0].Title.ShouldBe("Provider registration");
        m.Slices[1].Risk.ShouldBe("high");
    }

    [Fact]
    public void Heading_slices_have_no_done_marker_and_boundary_map_headings_are_not_slices()
    {
        tree.Milestone("M011", "ROADMAP.md", """
            # M011: Pinned Moments — Roadmap

            ## Slices

            ### S00 — Worktree Boundary

            **Status:** Implemented.

            ### S04.5 — More-Than-Three Pinned Sheet

            ### S05: Verification

            ## Boundary Map

            ### S00 → S04.5
            ### S01 -> S02
            """);
        var m = tree.Load().Find("M011")!;
        m.RoadmapFormat.ShouldBe(RoadmapFormat.Headings);
        m.Title.ShouldBe("Pinned Moments");
        m.Slices.Select(s => s.Id).ShouldBe(["S00", "S04.5", "S05"]);
        m.Slices.ShouldAllBe(s => s.Done == null);
        m.Slices[1].Title.ShouldBe("More-Than-Three Pinned Sheet");
        m.SlicesDone.ShouldBe(0);
    }

    [Fact]
    public void An_empty_slices_section_is_the_empty_form_without_problems()
    {
        tree.Milestone("M002", "ROADMAP.md", "# M002: Stub\n\n**Vision:** \n\n## Slices\n\n");
        var project = tree.Load();
        project.Find("M002")!.RoadmapFormat.ShouldBe(RoadmapFormat.Empty);
        project.Problems.ShouldBeEmpty();
    }

    [Fact]
    public void A_slice_line_with_an_unclosed_title_is_a_problem_naming_the_line()
    {
        tree.Roadmap("M001", "Broken", "- [x] **S01: Fine** `risk:low`", "- [ ] **S02: never closed `risk:low`");
        var project = tree.Load();
        project.Find("M001")!.Slices.Select(s => s.Id).ShouldBe(["S01"]);
        var problem = project.Problems.ShouldHaveSingleItem();
        problem.Code.ShouldBe(ProblemCodes.UnparseableLine);
        problem.Path.ShouldBe(".gsd/milestones/M001/M001-ROADMAP.md");
        problem.Line.ShouldBe(8);
        problem.Message.ShouldContain("S02");
    }

    [Fact]
    public void A_slices_section_in_no_known_form_is_reported()
    {
        tree.Roadmap("M001", "Odd", "- S01: plain bullet", "- S02: another");
        var project = tree.Load();
        project.Find("M001")!.Slices.ShouldBeEmpty();
        var problem = project.Problems.ShouldHaveSingleItem();
        problem.Code.ShouldBe(ProblemCodes.UnparseableLine);
        problem.Line.ShouldBe(5);
        problem.Message.ShouldContain("Slices section");
    }

    [Fact]
    public void A_table_row_without_a_slice_id_is_reported()
    {
        tree.Milestone("M001", "ROADMAP.md", "# M001: T\n\n| ID | Slice | Done |\n|---|---|---|\n| S01 | A | ✅ |\n| ?? | B | ⬜ |\n");
        var project = tree.Load();
        project.Find("M001")!.SlicesTotal.ShouldBe(1);
        var problem = project.Problems.ShouldHaveSingleItem();
        problem.Line.ShouldBe(6);
        problem.Message.ShouldContain("??");
    }

    [Fact]
    public void A_duplicate_slice_id_keeps_the_first_and_is_reported()
    {
        tree.Roadmap("M001", "Dup", "- [x] **S01: A**", "- [ ] **S01: B**");
        var project = tree.Load();
        project.Find("M001")!.Slices.ShouldHaveSingleItem().Title.ShouldBe("A");
        var problem = project.Problems.ShouldHaveSingleItem();
        problem.Code.ShouldBe(ProblemCodes.DuplicateId);
        problem.Line.ShouldBe(8);
    }

    [Fact]
    public void A_slice_id_that_could_escape_its_folder_never_reaches_a_path()
    {
        tree.Roadmap("M001", "Unsafe", "- [ ] **S01: Fine**", "- [ ] **S..1: Sneaky**", "- [ ] **S-1/x: Slash**");
        var project = tree.Load();
        project.Find("M001")!.Slices.Select(s => s.Id).ShouldBe(["S01"]);
        project.Problems.Count(p => p.Code == ProblemCodes.InvalidId).ShouldBe(1);
        project.Problems.Single(p => p.Code == ProblemCodes.InvalidId).Message.ShouldContain("S..1");
    }

    [Fact]
    public void Slice_lines_inside_code_blocks_and_html_comments_are_ignored()
    {
        tree.Roadmap("M001", "Fenced", "- [ ] **S01: Real**", "```", "- [ ] **S09: In code**", "```", "<!-- - [ ] **S08: Commented** -->", "<!--", "- [ ] **S07: Also commented**", "-->");
        tree.Load().Find("M001")!.Slices.Select(s => s.Id).ShouldBe(["S01"]);
    }

    [Fact]
    public void Slice_plan_and_summary_files_are_found()
    {
        tree.Roadmap("M001", "T", "- [x] **S01: A**", "- [ ] **S02: B**")
            .Slice("M001", "S01", "PLAN.md", "# S01\n\n## Tasks\n\n- [x] **T01: Do** `est:5m`\n")
            .Slice("M001", "S01", "SUMMARY.md", "---\nstatus: complete\n---\n# S01\n");
        var m = tree.Load().Find("M001")!;
        m.Slices[0].HasPlan.ShouldBeTrue();
        m.Slices[0].HasSummary.ShouldBeTrue();
        m.Slices[1].HasPlan.ShouldBeFalse();
        m.Slices[1].HasSummary.ShouldBeFalse();
    }

    [Fact]
    public void A_failure_report_slice_summary_does_not_count_as_a_summary()
    {
        tree.Roadmap("M001", "T", "- [ ] **S01: A**")
            .Slice("M001", "S01", "SUMMARY.md", "---\nstatus: blocked\n---\n# S01\n");
        var slice = tree.Load().Find("M001")!.Slices[0];
        slice.HasSummary.ShouldBeFalse();
        slice.SummaryIsFailureReport.ShouldBeTrue();
    }
}
