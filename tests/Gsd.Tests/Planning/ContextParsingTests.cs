using Gsd.Planning;

namespace Gsd.Tests.Planning;

public sealed class ContextParsingTests : IDisposable
{
    private readonly PlanningTree tree = new();

    public void Dispose() => tree.Dispose();

    [Fact]
    public void Inline_depends_on_and_the_H1_title_are_read()
    {
        tree.Context("M001", "First").Summary("M001").Context("M003", "Third").Summary("M003")
            .Context("M002", "Second", "M001", "M003");
        var m = tree.Load().Find("M002")!;
        m.Title.ShouldBe("Second");
        m.TitleSource.ShouldBe(TitleSource.Context);
        m.DependsOn.ShouldBe(["M001", "M003"]);
        m.DependencySources["M003"].ShouldBe(new SourceLocation(".gsd/milestones/M002/M002-CONTEXT.md", 2));
        m.Status.ShouldBe(MilestoneStatus.Ready);
    }

    [Fact]
    public void Block_list_with_lowercase_and_quoted_ids_is_tidied()
    {
        tree.Context("M001", "A").Context("M002", "B")
            .Milestone("M003", "CONTEXT.md", "---\ntitle: x\ndepends_on:\n  - m001\n  - \"M002\"\n  - 'M001'\n---\n# M003: C\n");
        var m = tree.Load().Find("M003")!;
        m.DependsOn.ShouldBe(["M001", "M002"]);
        m.DependencySources["M002"].Line.ShouldBe(5);
        m.Status.ShouldBe(MilestoneStatus.Blocked);
        m.WaitingFor.ShouldBe(["M001", "M002"]);
    }

    [Fact]
    public void A_comma_separated_scalar_depends_on_is_tolerated()
    {
        tree.Context("M001", "A").Context("M002", "B")
            .Milestone("M003", "CONTEXT.md", "---\ndepends_on: M001, M002\n---\n# M003: C\n");
        tree.Load().Find("M003")!.DependsOn.ShouldBe(["M001", "M002"]);
    }

    [Fact]
    public void Prose_depends_on_in_the_body_does_not_count()
    {
        tree.Context("M003", "A")
            .Milestone("M004", "CONTEXT.md", "# M004: Audio\n\n**Depends on:** M003 Feed Comments should stay text-only.\n");
        var m = tree.Load().Find("M004")!;
        m.DependsOn.ShouldBeEmpty();
        m.Status.ShouldBe(MilestoneStatus.Ready);
    }

    [Fact]
    public void A_lone_rule_at_the_top_is_not_frontmatter()
    {
        // The real M002-CONTEXT.md of event-based-vio: '---', blank, H1, ... a horizontal rule 60 lines later.
        var body = "---\n\n# M002: First Event+IMU Odometry Backend\n\n**Gathered:** 2026-06-28\n**Status:** Ready\n\n- a: b\n\n---\n\n## More\n";
        tree.Milestone("M002", "CONTEXT.md", body);
        var project = tree.Load();
        var m = project.Find("M002")!;
        m.Title.ShouldBe("First Event+IMU Odometry Backend");
        m.DependsOn.ShouldBeEmpty();
        project.Problems.ShouldBeEmpty();
    }

    [Fact]
    public void Malformed_frontmatter_is_a_problem_with_file_and_line_and_the_heading_still_counts()
    {
        tree.Context("M001", "A")
            .Milestone("M002", "CONTEXT.md", "---\ndepends_on: [M001\nthis line is not yaml\n---\n\n# M002: Still Titled\n");
        var project = tree.Load();
        var m = project.Find("M002")!;
        m.Title.ShouldBe("Still Titled");
        m.DependsOn.ShouldBe(["M001"]);
        var problem = project.Problems.ShouldHaveSingleItem();
        problem.Code.ShouldBe(ProblemCodes.MalformedFrontmatter);
        problem.Path.ShouldBe(".gsd/milestones/M002/M002-CONTEXT.md");
        problem.Line.ShouldBe(2);
        problem.Message.ShouldContain("depends_on");
        problem.MilestoneId.ShouldBe("M002");
    }

    [Fact]
    public void A_non_key_line_in_frontmatter_is_reported_at_that_line()
    {
        tree.Milestone("M002", "CONTEXT.md", "---\ndepends_on: []\njust words\n---\n# M002: T\n");
        var problem = tree.Load().Problems.ShouldHaveSingleItem();
        problem.Code.ShouldBe(ProblemCodes.MalformedFrontmatter);
        problem.Line.ShouldBe(3);
        problem.Message.ShouldContain("just words");
        problem.ToString().ShouldStartWith(".gsd/milestones/M002/M002-CONTEXT.md:3: ");
    }

    [Fact]
    public void Yaml_ish_frontmatter_that_only_breaks_in_nested_values_is_tolerated_silently()
    {
        // Real GSD-2 output: unquoted "a: b: c" list items and backtick-led values are not YAML.
        var text = "---\nid: M001\nkey_decisions:\n  - D001: Source union: parse type first\n  - `uv run pytest` for tests\nstatus: complete\n---\n# M001: Done\n";
        tree.Milestone("M001", "CONTEXT.md", "# M001: A\n").Summary("M001", text);
        var project = tree.Load();
        project.Problems.ShouldBeEmpty();
        project.Find("M001")!.Status.ShouldBe(MilestoneStatus.Complete);
    }

    [Fact]
    public void Unclosed_frontmatter_is_reported_at_line_1()
    {
        tree.Milestone("M002", "CONTEXT.md", "---\ndepends_on: [M001]\n\n# M002: Open\n");
        var project = tree.Load();
        var problem = project.Problems.First(p => p.Code == ProblemCodes.MalformedFrontmatter);
        problem.Line.ShouldBe(1);
        problem.Message.ShouldContain("never closed");
        project.Find("M002")!.Title.ShouldBe("Open");
    }

    [Fact]
    public void Draft_supplies_depends_on_only_when_there_is_no_context()
    {
        tree.Context("M001", "A").Context("M002", "B")
            .Milestone("M003", "CONTEXT.md", "# M003: Paper Trading — Context\n")
            .Milestone("M003", "CONTEXT-DRAFT.md", "---\ndepends_on: [M001, M002]\n---\n# M003: Paper Trading — DRAFT CONTEXT\n")
            .Milestone("M004", "CONTEXT-DRAFT.md", "---\ndepends_on: [M001, M002, M003]\n---\n# M004: Live Trading — DRAFT CONTEXT\n");
        var project = tree.Load();
        var m3 = project.Find("M003")!;
        m3.DependsOn.ShouldBeEmpty();
        m3.Title.ShouldBe("Paper Trading");
        m3.HasContextDraft.ShouldBeTrue();
        var m4 = project.Find("M004")!;
        m4.DependsOn.ShouldBe(["M001", "M002", "M003"]);
        m4.DependencySources["M001"].Path.ShouldBe(".gsd/milestones/M004/M004-CONTEXT-DRAFT.md");
        m4.Title.ShouldBe("Live Trading");
        m4.TitleSource.ShouldBe(TitleSource.ContextDraft);
        m4.HasContext.ShouldBeFalse();
    }

    [Fact]
    public void Files_in_context_frontmatter_count_as_touched()
    {
        tree.Milestone("M001", "CONTEXT.md", "---\nfiles:\n  - src/a.cs\n  - `src/b.cs`\n---\n# M001: A\n");
        tree.Load().Find("M001")!.FilesTouched.ShouldBe(["src/a.cs", "src/b.cs"]);
    }

    [Fact]
    public void A_heading_inside_a_code_block_is_not_the_title()
    {
        tree.Milestone("M001", "CONTEXT.md", "Intro\n\n```bash\n# M001: not this\n```\n\n# M001: Real Title\n");
        tree.Load().Find("M001")!.Title.ShouldBe("Real Title");
    }

    [Fact]
    public void Pathologically_nested_frontmatter_is_refused_instead_of_crashing()
    {
        var nested = new string('[', 20000) + new string(']', 20000);
        tree.Context("M001", "A").Milestone("M002", "CONTEXT.md", $"---\ndepends_on: [M001]\nx: {nested}\n---\n# M002: Deep\n");
        var project = tree.Load();
        var m = project.Find("M002")!;
        m.DependsOn.ShouldBe(["M001"]);
        m.Title.ShouldBe("Deep");
        var problem = project.Problems.ShouldHaveSingleItem();
        problem.Code.ShouldBe(ProblemCodes.MalformedFrontmatter);
        problem.Line.ShouldBe(2);
        problem.Message.ShouldContain("nests deeper");
    }
}
