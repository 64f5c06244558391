using Gsd.Planning;

namespace Gsd.Tests.Planning;

public sealed class DependencyGraphTests : IDisposable
{
    private readonly PlanningTree tree = new();

    public void Dispose() => tree.Dispose();

    [Fact]
    public void A_cycle_is_reported_once_naming_its_ids_in_order_and_where_it_starts()
    {
        tree.Context("M001", "A", "M003").Context("M002", "B", "M001").Context("M003", "C", "M002").Context("M004", "D", "M003");
        var project = tree.Load();
        var graph = project.Graph;
        graph.Cycles.ShouldHaveSingleItem().ShouldBe(["M001", "M003", "M002"]);
        graph.IsInCycle("M002").ShouldBeTrue();
        graph.IsInCycle("M004").ShouldBeFalse();
        var problem = project.Problems.ShouldHaveSingleItem();
        problem.Code.ShouldBe(ProblemCodes.Cycle);
        problem.Message.ShouldContain("M001 → M003 → M002 → M001");
        problem.Path.ShouldBe(".gsd/milestones/M001/M001-CONTEXT.md");
        problem.Line.ShouldBe(2);
        project.Milestones.Where(m => m.Id != "M004").ShouldAllBe(m => m.Status == MilestoneStatus.Blocked);
    }

    [Fact]
    public void Two_separate_cycles_and_a_self_dependency_are_each_reported()
    {
        tree.Context("M001", "A", "M002").Context("M002", "B", "M001")
            .Context("M005", "E", "M006").Context("M006", "F", "M005")
            .Context("M007", "G", "M007");
        var graph = tree.Load().Graph;
        graph.Cycles.Select(c => string.Join(",", c)).ShouldBe(["M001,M002", "M005,M006", "M007"]);
        graph.Problems.Count(p => p.Code == ProblemCodes.Cycle).ShouldBe(3);
        graph.Problems[^1].Message.ShouldContain("M007 → M007");
    }

    [Fact]
    public void Diamond_relations_and_topological_order()
    {
        tree.Context("M001", "Base").Summary("M001")
            .Context("M002", "Left", "M001").Context("M003", "Right", "M001")
            .Context("M004", "Top", "M002", "M003")
            .Gsd("QUEUE-ORDER.json", "{\"order\":[\"M004\",\"M003\"]}");
        var project = tree.Load();
        var graph = project.Graph;
        project.Problems.ShouldBeEmpty();
        graph.Cycles.ShouldBeEmpty();
        graph.DependenciesOf("M004").ShouldBe(["M002", "M003"]);
        graph.Dependents("M001").ShouldBe(["M003", "M002"]); // queue order: M003 is listed before M002
        graph.TransitiveDependenciesOf("M004").ShouldBe(["M002", "M003", "M001"]);
        graph.TransitiveDependents("M001").ShouldBe(["M003", "M002", "M004"]);
        graph.TopologicalOrder().ShouldBe(["M001", "M003", "M002", "M004"]);
        project.Find("M002")!.Status.ShouldBe(MilestoneStatus.Ready);
        project.Find("M004")!.WaitingFor.ShouldBe(["M002", "M003"]);
    }

    [Fact]
    public void Milestones_on_or_behind_a_cycle_come_last_in_topological_order()
    {
        tree.Context("M001", "A", "M002").Context("M002", "B", "M001").Context("M003", "C", "M001").Context("M004", "D");
        tree.Load().Graph.TopologicalOrder().ShouldBe(["M004", "M001", "M002", "M003"]);
    }

    [Fact]
    public void Unknown_dependencies_are_listed_with_their_source()
    {
        tree.Context("M002", "B", "M001", "M404");
        var graph = tree.Load().Graph;
        graph.UnknownDependencies.Select(u => u.MissingId).ShouldBe(["M001", "M404"]);
        graph.UnknownDependencies[1].Source.ShouldBe(new SourceLocation(".gsd/milestones/M002/M002-CONTEXT.md", 2));
        graph.DependenciesOf("M002").ShouldBeEmpty();
        graph.DependenciesOf("M999").ShouldBeEmpty();
        graph.Contains("M002").ShouldBeTrue();
    }

    [Fact]
    public void A_long_chain_does_not_overflow_and_orders_fully()
    {
        var milestones = Enumerable.Range(0, 5000)
            .Select(i => new Milestone(
                $"M{i % 1000:000}-{i / 1000:000000}", "t", MilestoneStatus.Ready,
                i == 0 ? [] : [$"M{(i - 1) % 1000:000}-{(i - 1) / 1000:000000}"],
                [], RoadmapFormat.None, "", false, false, false, false, null, []))
            .ToList();
        var graph = DependencyGraph.Build(milestones);
        graph.Cycles.ShouldBeEmpty();
        graph.TopologicalOrder().ShouldBe(milestones.Select(m => m.Id));
        graph.TransitiveDependenciesOf(milestones[^1].Id).Count.ShouldBe(4999);
    }
}
