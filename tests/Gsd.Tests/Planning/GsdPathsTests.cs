using Gsd.Layout;

namespace Gsd.Tests.Planning;

public sealed class GsdPathsTests
{
    private const string Root = "/repo";

    [Fact]
    public void Paths_follow_the_gsd_layout()
    {
        GsdPaths.ContextFile(Root, "M002").ShouldBe("/repo/.gsd/milestones/M002/M002-CONTEXT.md");
        GsdPaths.ContextDraftFile(Root, "M002").ShouldBe("/repo/.gsd/milestones/M002/M002-CONTEXT-DRAFT.md");
        GsdPaths.RoadmapFile(Root, "M001-abc123").ShouldBe("/repo/.gsd/milestones/M001-abc123/M001-abc123-ROADMAP.md");
        GsdPaths.SummaryFile(Root, "M002").ShouldBe("/repo/.gsd/milestones/M002/M002-SUMMARY.md");
        GsdPaths.ParkedFile(Root, "M002").ShouldBe("/repo/.gsd/milestones/M002/M002-PARKED.md");
        GsdPaths.MetaFile(Root, "M002").ShouldBe("/repo/.gsd/milestones/M002/M002-META.json");
        GsdPaths.SlicePlanFile(Root, "M002", "S04.5").ShouldBe("/repo/.gsd/milestones/M002/slices/S04.5/S04.5-PLAN.md");
        GsdPaths.SliceSummaryFile(Root, "M002", "S01").ShouldBe("/repo/.gsd/milestones/M002/slices/S01/S01-SUMMARY.md");
        GsdPaths.TaskSummaryFile(Root, "M002", "S01", "T03").ShouldBe("/repo/.gsd/milestones/M002/slices/S01/tasks/T03-SUMMARY.md");
        GsdPaths.QueueOrderFile(Root).ShouldBe("/repo/.gsd/QUEUE-ORDER.json");
        GsdPaths.Relative(Root, "/repo/.gsd/milestones/M002").ShouldBe(".gsd/milestones/M002");
    }

    [Theory]
    [InlineData("../M001")]
    [InlineData("M01")]
    [InlineData("M001-ABCDEF")]
    [InlineData("-M001")]
    [InlineData("")]
    public void An_invalid_milestone_id_never_becomes_a_path(string id)
    {
        var ex = Should.Throw<GsdException>(() => GsdPaths.RoadmapFile(Root, id));
        ex.Message.ShouldContain($"'{id}'");
        ex.ExitCode.ShouldBe(ExitCodes.Usage);
    }

    [Theory]
    [InlineData("../S01")]
    [InlineData("S01/x")]
    [InlineData("-S01")]
    [InlineData("S..1")]
    public void An_unsafe_slice_or_task_id_never_becomes_a_path(string id)
    {
        Should.Throw<GsdException>(() => GsdPaths.SlicePlanFile(Root, "M001", id)).Message.ShouldContain($"slice id '{id}'");
        Should.Throw<GsdException>(() => GsdPaths.TaskSummaryFile(Root, "M001", "S01", id)).Message.ShouldContain($"task id '{id}'");
    }

    [Theory]
    [InlineData(" m001 ", "M001")]
    [InlineData("\"M002\"", "M002")]
    [InlineData("M001-ABC123", "M001-abc123")]
    [InlineData("M1", "M1")]
    public void Ids_as_written_are_tidied(string written, string id) => MilestoneId.Normalize(written).ShouldBe(id);
}
