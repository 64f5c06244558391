using Gsd.Layout;
namespace Gsd.Planning;

/// <summary>
/// Everything under one <c>.gsd/</c>: milestones in queue order (QUEUE-ORDER.json first, then the rest by id)
/// and every problem found. A file that cannot be understood becomes a <see cref="Problem"/>; the rest still loads.
/// </summary>
public sealed record PlanningProject(string Root, IReadOnlyList<Milestone> Milestones, IReadOnlyList<Problem> Problems)
{
    public string GsdDirectory => GsdPaths.GsdDirectory(Root);

    public Milestone? Find(string id) => Milestones.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.Ordinal));

    /// <summary>The milestones' dependency edges (cycles, unknown ids, dependents, topological order); built on first use.</summary>
    public DependencyGraph Graph
    {
        get => field ??= DependencyGraph.Build(Milestones);
        init;
    }
}
