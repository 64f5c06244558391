using Gsd.Layout;
namespace Gsd.Planning;

/// <summary>
/// Everything under one <c>.gsd/</c>: milestones in queue order (QUEUE-ORDER.json first, then the rest by id)
/// and every problem found. A file that cannot be understood becomes a <see cref="Problem"/>; the rest still loads.
/// </summary>
public sealed record PlanningProject(string Root, IReadOnlyList<Milestone> Milestones, IReadOnlyList<Problem> Problems)
{
    public string GsdDirectory => GsdPaths.GsdDirectory(Root);

    /// <summary>The first milestone with that id, or null; through an index built on first use, so lookups over hundreds of milestones stay linear.</summary>
    public Milestone? Find(string id) => ById.GetValueOrDefault(id);

    // Remembers the list it indexes, so a copy made with `with { Milestones = … }` never answers from the old list.
    // A reference swapped whole, so concurrent readers never see half of one.
    private MilestoneIndex? _byId;

    private Dictionary<string, Milestone> ById
    {
        get
        {
            var cached = _byId;
            if (cached is null || !ReferenceEquals(cached.Of, Milestones))
            {
                var index = new Dictionary<string, Milestone>(StringComparer.Ordinal);
                foreach (var m in Milestones)
                {
                    index.TryAdd(m.Id, m);
                }
                _byId = cached = new MilestoneIndex(Milestones, index);
            }
            return cached.Index;
        }
    }

    /// <summary>The milestones' dependency edges (cycles, unknown ids, dependents, topological order); built on first use.</summary>
    public DependencyGraph Graph
    {
        get => field ??= DependencyGraph.Build(Milestones);
        init;
    }

    private sealed record MilestoneIndex(IReadOnlyList<Milestone> Of, Dictionary<string, Milestone> Index);
}
