using Gsd.Planning;

namespace Gsd.Tests.Planning;

public sealed class PlanParsingTests : IDisposable
{
    private readonly PlanningTree tree = new();

    public PlanParsingTests()
    {
        tree.Roadmap("M001", "Plans", "- [ ] **S01: Slice**");
    }

    public void Dispose() => tree.Dispose();

    private Slice LoadSlice(string plan)
    {
        tree.Slice("M001", "S01", "PLAN.md", plan);
        return tree.Load().Find("M001")!.Slices[0];
    }

    [Fact]
    public void Classic_task_lines_with_files_verify_and_estimate()
    {
        var slice = LoadSlice("""
            # S01: Slice

            ## Must-Haves

            - [ ] `src/a.ts` exports something (a criterion, not a task)

            ## Tasks

            - [x] **T01: First task** `est:30m`
              - Why: because
              - Files: `src/a.cs`, `src/b.cs`
              - Do: things
              - Verify: `dotnet test --filter A`

            - [ ] **T02: Second task** `est:1h`
              - Files: `src/c.cs`
              - Verify: npm test && echo ok

            ## Files Likely Touched

            - `src/a.cs`
            - `src/d.cs` — new
            - src/e.cs (modified)
            """);
        slice.HasPlan.ShouldBeTrue();
        slice.Tasks.Count.ShouldBe(2);
        var t1 = slice.Tasks[0];
        (t1.Id, t1.Title, t1.Done, t1.Estimate, t1.Line).ShouldBe(("T01", "First task", true, "30m", 9));
        t1.Files.ShouldBe(["src/a.cs", "src/b.cs"]);
        t1.Verify.ShouldBe("dotnet test --filter A");
        var t2 = slice.Tasks[1];
        t2.Done.ShouldBeFalse();
        t2.Verify.ShouldBe("npm test && echo ok");
        slice.FilesLikelyTouched.ShouldBe(["src/a.cs", "src/d.cs", "src/e.cs"]);
    }

    [Fact]
    public void Generated_plans_with_sections_between_a_task_and_its_bullets()
    {
        var slice = LoadSlice("""
            # S01: Provider registration

            ## Tasks
            - [x] **T01: Bootstrapped the solution.** — Create the first buildable solution.
              - Estimate: 90m
              - Files: Azure.sln, src/A.csproj, tests/B.csproj
              - Verify: dotnet build Azure.sln
            - [x] **T02: Added Blob seam.** — Add it.
            ## Failure Modes
            - **Shared resources**: something

            ## Must-Haves
            - [ ] Focused tests cover the thing.
              - Estimate: 2h
              - Files: src/Blob.cs
              - Verify: - `dotnet test --filter Blob`
            """);
        slice.Tasks.Select(t => t.Id).ShouldBe(["T01", "T02"]);
        slice.Tasks[0].Title.ShouldBe("Bootstrapped the solution.");
        slice.Tasks[0].Estimate.ShouldBe("90m");
        slice.Tasks[0].Files.ShouldBe(["Azure.sln", "src/A.csproj", "tests/B.csproj"]);
        slice.Tasks[1].Estimate.ShouldBe("2h");
        slice.Tasks[1].Files.ShouldBe(["src/Blob.cs"]);
        slice.Tasks[1].Verify.ShouldBe("dotnet test --filter Blob");
    }

    [Fact]
    public void A_task_summary_marks_the_task_done()
    {
        tree.Task("M001", "S01", "T02", "SUMMARY.md", "---\ncompleted_at: now\n---\n# T02\n");
        var slice = LoadSlice("## Tasks\n\n- [x] **T01: A**\n- [ ] **T02: B**\n- [ ] **T03: C**\n");
        slice.Tasks.Select(t => t.Done).ShouldBe([true, true, false]);
        tree.Load().Find("M001")!.TasksDone.ShouldBe(2);
    }

    [Fact]
    public void Heading_tasks_are_read_when_there_are_no_task_checkboxes()
    {
        tree.Task("M001", "S01", "T01", "SUMMARY.md", "# T01\n");
        var slice = LoadSlice("## Planned Tasks\n\n### T01 — Restic Service\n\n- Add wrapper.\n\n### T02 — Snapshot Source\n\n## Verification\n\n- `npm test`\n");
        slice.Tasks.Select(t => (t.Id, t.Title, t.Done)).ShouldBe([("T01", "Restic Service", true), ("T02", "Snapshot Source", false)]);
    }

    [Fact]
    public void Task_lines_before_the_tasks_heading_are_not_tasks()
    {
        var slice = LoadSlice("## Notes\n\n- [ ] **T09: quoted from elsewhere**\n\n## Tasks\n\n- [ ] **T01: Real**\n");
        slice.Tasks.ShouldHaveSingleItem().Id.ShouldBe("T01");
    }

    [Fact]
    public void A_malformed_task_line_is_a_problem_with_its_line()
    {
        tree.Slice("M001", "S01", "PLAN.md", "## Tasks\n\n- [ ] **T01: Fine**\n- [ ] **T02: never closed\n");
        var project = tree.Load();
        project.Find("M001")!.Slices[0].Tasks.ShouldHaveSingleItem().Id.ShouldBe("T01");
        var problem = project.Problems.ShouldHaveSingleItem();
        problem.Code.ShouldBe(ProblemCodes.UnparseableLine);
        problem.Path.ShouldBe(".gsd/milestones/M001/slices/S01/S01-PLAN.md");
        problem.Line.ShouldBe(4);
    }

    [Fact]
    public void A_task_id_that_could_escape_its_folder_is_skipped_and_reported()
    {
        tree.Slice("M001", "S01", "PLAN.md", "## Tasks\n\n- [ ] **T01: Fine**\n- [ ] **T..2: Sneaky**\n");
        var project = tree.Load();
        project.Find("M001")!.Slices[0].Tasks.ShouldHaveSingleItem().Id.ShouldBe("T01");
        var problem = project.Problems.ShouldHaveSingleItem();
        problem.Code.ShouldBe(ProblemCodes.InvalidId);
        problem.Line.ShouldBe(4);
        problem.Message.ShouldContain("T..2");
    }

    [Fact]
    public void Files_touched_is_the_union_of_task_files_files_likely_touched_and_context_files()
    {
        tree.Milestone("M001", "CONTEXT.md", "---\nfiles: [docs/x.md, src/a.cs]\n---\n# M001: Plans\n");
        LoadSlice("## Tasks\n\n- [ ] **T01: A**\n  - Files: `src/a.cs`, `src/b.cs`\n\n## Files Likely Touched\n\n- `src/b.cs`\n- `src/c.cs`\n");
        tree.Load().Find("M001")!.FilesTouched.ShouldBe(["docs/x.md", "src/a.cs", "src/b.cs", "src/c.cs"]);
    }
}
