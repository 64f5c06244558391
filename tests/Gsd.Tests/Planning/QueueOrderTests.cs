using Gsd.Planning;

namespace Gsd.Tests.Planning;

public sealed class QueueOrderTests : IDisposable
{
    private readonly PlanningTree tree = new();

    public QueueOrderTests()
    {
        tree.Context("M001", "A").Context("M002", "B").Context("M003", "C").Context("M001-abc123", "D");
    }

    public void Dispose() => tree.Dispose();

    private static string[] Ids(PlanningProject project) => project.Milestones.Select(m => m.Id).ToArray();

    [Fact]
    public void Without_a_queue_file_milestones_are_in_id_order()
    {
        Ids(tree.Load()).ShouldBe(["M001", "M001-abc123", "M002", "M003"]);
    }

    [Fact]
    public void Listed_ids_come_first_then_the_rest_by_id()
    {
        tree.Gsd("QUEUE-ORDER.json", "{\"order\": [\"M003\", \"m002\"], \"updatedAt\": \"2026-03-18T18:51:20.781Z\"}");
        var project = tree.Load();
        Ids(project).ShouldBe(["M003", "M002", "M001", "M001-abc123"]);
        project.Problems.ShouldBeEmpty();
    }

    [Fact]
    public void Bad_json_is_reported_with_its_line_and_id_order_is_kept()
    {
        tree.Gsd("QUEUE-ORDER.json", "{\n  \"order\": [\n    \"M003\",\n    M002\n  ]\n}\n");
        var project = tree.Load();
        Ids(project).ShouldBe(["M001", "M001-abc123", "M002", "M003"]);
        var problem = project.Problems.ShouldHaveSingleItem();
        problem.Code.ShouldBe(ProblemCodes.BadJson);
        problem.Path.ShouldBe(".gsd/QUEUE-ORDER.json");
        problem.Line.ShouldBe(4);
    }

    [Fact]
    public void Unknown_invalid_and_repeated_entries_are_reported_at_their_lines()
    {
        tree.Gsd("QUEUE-ORDER.json", "{\"order\": [\n\"M009\",\n\"../M001\",\n\"M002\",\n\"M002\",\n7\n]}");
        var project = tree.Load();
        Ids(project).ShouldBe(["M002", "M001", "M001-abc123", "M003"]);
        project.Problems.Select(p => (p.Code, p.Line)).ShouldBe([
            (ProblemCodes.BadQueueOrder, 6),
            (ProblemCodes.BadQueueOrder, 2),
            (ProblemCodes.BadQueueOrder, 3),
            (ProblemCodes.BadQueueOrder, 5),
        ]);
        project.Problems[1].Message.ShouldContain("M009");
        project.Problems[2].Message.ShouldContain("not a milestone id");
        project.Problems[3].Message.ShouldContain("twice");
    }

    [Fact]
    public void A_queue_file_without_an_order_list_is_reported()
    {
        tree.Gsd("QUEUE-ORDER.json", "{\"queue\": [\"M003\"]}");
        var project = tree.Load();
        Ids(project)[0].ShouldBe("M001");
        project.Problems.ShouldHaveSingleItem().Message.ShouldContain("\"order\"");
    }
}
