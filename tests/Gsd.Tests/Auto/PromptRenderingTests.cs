using Gsd.Auto;
using Gsd.Planning;
using Gsd.Tests.Support;

namespace Gsd.Tests.Auto;

/// <summary>Each embedded prompt template rendered with a real milestone's files: nothing unfilled, the key data present.</summary>
public sealed class PromptRenderingTests : IDisposable
{
    private readonly TempDir _dir = new("gsd-prompts");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Every_shipped_template_has_placeholders_and_the_builder_fills_each_of_them()
    {
        PromptTemplates.All.ShouldBe(["plan-milestone", "plan-slice", "execute-task"]);
        var root = WriteProject();
        var m = PlanningLoader.LoadMilestone(root, "M001");
        var units = new[]
        {
            new WorkUnit(UnitTypes.PlanMilestone, "M002", "plan", "M002"),
            new WorkUnit(UnitTypes.PlanSlice, "M001/S02", "plan slice", "M001", "S02"),
            new WorkUnit(UnitTypes.ExecuteTask, "M001/S01/T02", "Wire the parser", "M001", "S01", "T02"),
        };
        foreach (var unit in units)
        {
            PromptTemplates.PlaceholdersOf(unit.Type).ShouldNotBeEmpty();
            var milestone = PlanningLoader.LoadMilestone(root, unit.MilestoneId);
            var prompt = new PromptBuilder(root).Build(unit, milestone, "boom: the build broke");
            prompt.ShouldNotContain("{{", customMessage: prompt);
            prompt.ShouldNotContain("}}", customMessage: prompt);
            prompt.ShouldContain("boom: the build broke");
            prompt.ShouldContain("Previous attempt failed");
        }
        m.Slices.Count.ShouldBe(2);
    }

    [Fact]
    public void Plan_milestone_prompt_names_the_roadmap_file_its_format_and_the_context()
    {
        var root = WriteProject();
        var prompt = new PromptBuilder(root).Build(new WorkUnit(UnitTypes.PlanMilestone, "M002", "plan", "M002"), PlanningLoader.LoadMilestone(root, "M002"), null);

        prompt.ShouldContain(".gsd/milestones/M002/M002-ROADMAP.md");
        prompt.ShouldContain("# M002: Reporting");
        prompt.ShouldContain("## Slices");
        prompt.ShouldContain("- [ ] **S01: <slice title>** `risk:low` `depends:[]`");
        prompt.ShouldContain("Monthly reports as CSV", customMessage: "the CONTEXT body");
        prompt.ShouldNotContain("Previous attempt failed");
    }

    [Fact]
    public void Plan_slice_prompt_names_the_plan_file_its_format_and_carries_the_roadmap()
    {
        var root = WriteProject();
        var prompt = new PromptBuilder(root).Build(new WorkUnit(UnitTypes.PlanSlice, "M001/S02", "plan slice", "M001", "S02"), PlanningLoader.LoadMilestone(root, "M001"), null);

        prompt.ShouldContain(".gsd/milestones/M001/slices/S02/S02-PLAN.md");
        prompt.ShouldContain("planning slice S02: \"Export\"");
        prompt.ShouldContain("- [ ] **S02: Export** `risk:medium` `depends:[S01]`", customMessage: "the roadmap");
        prompt.ShouldContain("## Tasks");
        prompt.ShouldContain("- Verify: <one shell command");
        prompt.ShouldContain("Parse ledgers", customMessage: "the milestone context");
    }

    [Fact]
    public void Execute_task_prompt_carries_files_verify_the_slice_plan_earlier_summaries_and_the_failure()
    {
        var root = WriteProject();
        var prompt = new PromptBuilder(root).Build(
            new WorkUnit(UnitTypes.ExecuteTask, "M001/S01/T02", "Wire the parser", "M001", "S01", "T02"),
            PlanningLoader.LoadMilestone(root, "M001"),
            "Verification `dotnet test` failed (exit 1):\nExpected 3 but was 2");

        prompt.ShouldContain("task T02: \"Wire the parser\" of slice S01: \"Parsing\" in milestone M001: \"Ledger\"");
        prompt.ShouldContain("Files to create or change: src/Parser.cs, src/Wiring.cs");
        prompt.ShouldContain("Verification that must pass when you are done (run from the repository root): dotnet test --filter Parser");
        prompt.ShouldContain("- [ ] **T03: Document it**", customMessage: "the slice plan");
        prompt.ShouldContain("### T01: Write the tokenizer", customMessage: "earlier task summary heading");
        prompt.ShouldContain("Tokenizer handles quoted fields.", customMessage: "earlier task summary text");
        prompt.ShouldNotContain("### T03", customMessage: "later tasks are not earlier summaries");
        prompt.ShouldContain("Expected 3 but was 2");
        prompt.ShouldContain("Do not commit");
    }

    [Fact]
    public void Task_without_files_or_verify_says_so_explicitly()
    {
        var root = WriteProject();
        var prompt = new PromptBuilder(root).Build(
            new WorkUnit(UnitTypes.ExecuteTask, "M001/S01/T03", "Document it", "M001", "S01", "T03"),
            PlanningLoader.LoadMilestone(root, "M001"),
            null);

        prompt.ShouldContain("(not listed: decide from the task)");
        prompt.ShouldContain("(none given:");
        prompt.ShouldNotContain("Previous attempt failed");
    }

    private string WriteProject()
    {
        var root = _dir.Path;
        _dir.Write(".gsd/PREFERENCES.md", "---\n---\n");
        _dir.Write(".gsd/milestones/M001/M001-CONTEXT.md", "---\ndepends_on: []\n---\n\n# M001: Ledger\n\nParse ledgers and export them.\n");
        _dir.Write(".gsd/milestones/M001/M001-ROADMAP.md", "# M001: Ledger\n\n## Slices\n\n- [ ] **S01: Parsing** `risk:low` `depends:[]`\n- [ ] **S02: Export** `risk:medium` `depends:[S01]`\n");
        _dir.Write(".gsd/milestones/M001/slices/S01/S01-PLAN.md", """
            # S01: Parsing

            ## Tasks

            - [x] **T01: Write the tokenizer** `est:30m`
              - Files: `src/Tokenizer.cs`
              - Verify: dotnet test --filter Tokenizer
            - [ ] **T02: Wire the parser** `est:45m`
              - Files: `src/Parser.cs`, `src/Wiring.cs`
              - Verify: dotnet test --filter Parser
            - [ ] **T03: Document it** `est:10m`
            """);
        _dir.Write(".gsd/milestones/M001/slices/S01/tasks/T01-SUMMARY.md", "---\nid: T01\n---\n\n# T01: Write the tokenizer\n\nTokenizer handles quoted fields.\n");
        _dir.Write(".gsd/milestones/M002/M002-CONTEXT.md", "---\ndepends_on: [M001]\n---\n\n# M002: Reporting\n\nMonthly reports as CSV.\n");
        return root;
    }
}
