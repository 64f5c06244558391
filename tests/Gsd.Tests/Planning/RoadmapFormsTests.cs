using Gsd.Planning;

namespace Gsd.Tests.Planning;

/// <summary>
/// The slice-status marks and decorated titles real roadmaps use, read from fixtures written for these tests
/// (<c>Planning/Fixtures/roadmap-forms/</c>). Where GSD-2's own parser reads them otherwise, the test name says so.
/// </summary>
public sealed class RoadmapFormsTests : IDisposable
{
    private readonly PlanningTree tree = new();

    public void Dispose() => tree.Dispose();

    private static string Fixture(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Planning", "Fixtures", "roadmap-forms", name));

    private Milestone LoadRoadmap(string id, string fixture)
    {
        tree.Milestone(id, "ROADMAP.md", Fixture(fixture));
        return tree.Load().Find(id)!;
    }

    [Fact]
    public void Trailing_marks_on_heading_slices_say_done_or_pending_where_GSD2_reads_all_but_the_green_box_as_title_text()
    {
        var m = LoadRoadmap("M001", "heading-marks-trailing.md");

        m.RoadmapFormat.ShouldBe(RoadmapFormat.Headings);
        m.Slices.Select(s => s.Id).ShouldBe(["S01", "S02", "S03", "S04", "S05", "S06", "S07", "S08", "S09", "S10", "S11"]);
        m.Slices.Select(s => s.Title).ShouldBe(
            ["Installer", "Config", "Docs", "API", "QA", "Packaging", "Release", "Metrics", "Perf", "Lint", "Fuzz"]);
        m.Slices.Select(s => s.Done).ShouldBe([true, true, true, true, false, false, false, false, false, true, false]);
        (m.SlicesDone, m.SlicesTotal).ShouldBe((5, 11));
        m.Problems.ShouldBeEmpty();
    }

    [Fact]
    public void Leading_marks_bold_headings_Slice_prefix_and_Complete_suffix_are_read_and_an_unmarked_heading_stays_unknown()
    {
        var m = LoadRoadmap("M002", "heading-marks-leading.md");

        m.Slices.Select(s => (s.Id, s.Title, s.Done)).ShouldBe(
        [
            ("S01", "Schema", (bool?)true),
            ("S02", "Transport", true),
            ("S03", "Conflict resolution", false),
            ("S04", "Retry policy", true),
            ("S05", "Observability", null),
            ("S06", "Load test", false),
        ]);
    }

    [Fact]
    public void A_marked_heading_outside_the_Slices_section_is_no_slice_and_checkboxes_still_win()
    {
        var m = LoadRoadmap("M003", "heading-marks-mixed-checkboxes.md");

        m.RoadmapFormat.ShouldBe(RoadmapFormat.Checkbox);
        m.Slices.Select(s => (s.Id, s.Done)).ShouldBe([("S01", (bool?)true), ("S02", false)]);
        m.Title.ShouldBe("Search");
    }

    [Theory]
    [InlineData("title-milestone-word.md", "Billing Engine")]
    [InlineData("title-roadmap-dash.md", "Billing Engine")]
    [InlineData("title-roadmap-suffix.md", "Billing Engine")]
    [InlineData("title-milestone-roadmap-colon.md", "Billing Engine")]
    public void Decorated_roadmap_titles_read_as_the_title_where_GSD2_keeps_the_decoration(string fixture, string title)
    {
        var m = LoadRoadmap("M004", fixture);

        (m.Title, m.TitleSource).ShouldBe((title, TitleSource.Roadmap));
    }

    [Fact]
    public void A_parenthesised_Context_suffix_is_no_part_of_the_title()
    {
        tree.Milestone("M005", "CONTEXT.md", Fixture("title-context-parenthesised.md"));

        var m = tree.Load().Find("M005")!;

        (m.Title, m.TitleSource).ShouldBe(("Billing Engine", TitleSource.Context));
    }

    [Fact]
    public void A_table_tick_mark_counts_as_done()
    {
        var m = LoadRoadmap("M006", "title-milestone-roadmap-colon.md");

        m.RoadmapFormat.ShouldBe(RoadmapFormat.Table);
        m.Slices.Select(s => s.Done).ShouldBe([true, false]);
    }

    [Theory]
    [InlineData("Milestone M006: Title", "Title")]
    [InlineData("Roadmap — Title", "Title")]
    [InlineData("Roadmap: Title", "Title")]
    [InlineData("M002: Title — Roadmap", "Title")]
    [InlineData("Title (Context)", "Title")]
    [InlineData("M002: Title (Roadmap)", "Title")]
    [InlineData("Milestone M001-abc123 — Title", "Title")]
    [InlineData("Context Engine (Compressor + Snapshot Builder)", "Context Engine (Compressor + Snapshot Builder)")]
    [InlineData("Roadmap", "Roadmap")]
    [InlineData("Milestone planning for payroll", "Milestone planning for payroll")]
    public void Clean_drops_milestone_words_leading_artifact_words_and_parenthesised_suffixes(string heading, string title) =>
        MilestoneTitle.Clean(heading).ShouldBe(title);

    [Fact]
    public void Completing_a_heading_slice_turns_its_pending_mark_into_done()
    {
        tree.Milestone("M007", "ROADMAP.md", Fixture("heading-marks-trailing.md"));

        PlanEditor.TickSlice(tree.Root, "M007", "S05").ShouldBeTrue();
        PlanEditor.TickSlice(tree.Root, "M007", "S11").ShouldBeTrue();

        var text = File.ReadAllText(Path.Combine(tree.Root, ".gsd", "milestones", "M007", "M007-ROADMAP.md"));
        text.ShouldContain("### S05: QA ✅");
        text.ShouldContain("### S11: Fuzz [x]");
        var m = tree.Load().Find("M007")!;
        m.Slices.Single(s => s.Id == "S05").Done.ShouldBe(true);
        m.Slices.Single(s => s.Id == "S06").Done.ShouldBe(false);
    }
}
