using Gsd.Planning;

namespace Gsd.Tests.Planning;

public sealed class MilestoneTitleTests : IDisposable
{
    private readonly PlanningTree tree = new();

    public void Dispose() => tree.Dispose();

    [Theory]
    [InlineData("M001: Research Hub Rebuild", "Research Hub Rebuild")]
    [InlineData("M003 Roadmap: Authentication & Interactive TUI", "Authentication & Interactive TUI")]
    [InlineData("M002: M002: Doubled", "Doubled")]
    [InlineData("M001-ncx5an: MVSEC Pipeline", "MVSEC Pipeline")]
    [InlineData("M003: Multi-Playlist Expansion — Context", "Multi-Playlist Expansion")]
    [InlineData("M003: Feed Comments — Roadmap", "Feed Comments")]
    [InlineData("M002: Fidelity and packaging — Context Draft", "Fidelity and packaging")]
    [InlineData("M004: Live Automated Trading — DRAFT CONTEXT", "Live Automated Trading")]
    [InlineData("M002: UI Redesign — Dash Mantine Components", "UI Redesign — Dash Mantine Components")]
    [InlineData("M010: CLI Consolidation: subcommands layout", "CLI Consolidation: subcommands layout")]
    [InlineData("M001 Context", "")]
    [InlineData("M001: ", "")]
    [InlineData("m004: Lowercase id", "Lowercase id")]
    [InlineData("M004 Context Engine", "Context Engine")]
    [InlineData("Phase 2 — agentd Core", "Phase 2 — agentd Core")]
    public void Clean_drops_the_id_and_artifact_suffixes(string heading, string title) =>
        MilestoneTitle.Clean(heading).ShouldBe(title);

    [Fact]
    public void Roadmap_heading_wins_over_context()
    {
        tree.Roadmap("M004", "Context Engine").Milestone("M004", "CONTEXT.md", "# M004: Context Engine (Compressor + Snapshot Builder)\n");
        var m = tree.Load().Find("M004")!;
        (m.Title, m.TitleSource).ShouldBe(("Context Engine", TitleSource.Roadmap));
    }

    [Fact]
    public void An_empty_roadmap_title_falls_back_to_context()
    {
        tree.Milestone("M001", "ROADMAP.md", "# M001: \n\n## Slices\n").Milestone("M001", "CONTEXT.md", "# M001: From Context\n");
        var m = tree.Load().Find("M001")!;
        (m.Title, m.TitleSource).ShouldBe(("From Context", TitleSource.Context));
    }

    [Fact]
    public void Without_roadmap_or_context_titles_the_summary_frontmatter_title_counts_then_its_heading()
    {
        tree.Milestone("M001", "ROADMAP.md", "# M001: \n")
            .Summary("M001", "---\nid: M001\ntitle: \"Browser Support — ESM Bundles\"\nstatus: complete\n---\n# M001: Other\n")
            .Summary("M002", "---\nstatus: complete\n---\n\n# M002: From Heading\n");
        var project = tree.Load();
        (project.Find("M001")!.Title, project.Find("M001")!.TitleSource).ShouldBe(("Browser Support — ESM Bundles", TitleSource.Summary));
        project.Find("M002")!.Title.ShouldBe("From Heading");
    }
}
