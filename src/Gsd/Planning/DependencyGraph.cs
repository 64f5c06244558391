using Gsd.Layout;

namespace Gsd.Planning;

/// <summary>
/// The milestones' <c>depends_on</c> edges. Finds cycles (each reported once, in dependency order) and
/// dependencies on ids the project does not have, and answers the questions scheduling needs: direct and
/// transitive dependencies and dependents, and a dependencies-first order.
/// </summary>
public sealed class DependencyGraph
{
    private readonly List<string> nodes;
    private readonly Dictionary<string, int> index;
    private readonly List<string>[] dependencies;
    private readonly List<string>[] dependents;
    private readonly HashSet<string> inCycle = new(StringComparer.Ordinal);
    private readonly List<Problem> problems = [];

    private DependencyGraph(IReadOnlyList<Milestone> milestones)
    {
        nodes = new List<string>(milestones.Count);
        index = new Dictionary<string, int>(milestones.Count, StringComparer.Ordinal);
        foreach (var milestone in milestones)
        {
            if (index.TryAdd(milestone.Id, nodes.Count))
            {
                nodes.Add(milestone.Id);
            }
        }
        dependencies = new List<string>[nodes.Count];
        dependents = new List<string>[nodes.Count];
        for (var i = 0; i < nodes.Count; i++)
        {
            dependencies[i] = [];
            dependents[i] = [];
        }
        var unknown = new List<UnknownDependency>();
        var sources = new Dictionary<(string, string), SourceLocation?>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var milestone in milestones)
        {
            var from = index[milestone.Id];
            if (!done.Add(milestone.Id))
            {
                continue; // a duplicate id: the first milestone's edges stand
            }
            foreach (var dep in milestone.DependsOn)
            {
                var source = milestone.DependencySources.GetValueOrDefault(dep);
                if (!index.TryGetValue(dep, out var to))
                {
                    unknown.Add(new UnknownDependency(milestone.Id, dep, source));
                    continue;
                }
                if (!dependencies[from].Contains(dep))
                {
                    dependencies[from].Add(dep);
                    dependents[to].Add(milestone.Id);
                    sources[(milestone.Id, dep)] = source;
                }
            }
        }
        foreach (var list in dependents)
        {
            list.Sort((a, b) => index[a].CompareTo(index[b]));
        }
        UnknownDependencies = unknown;
        foreach (var u in unknown)
        {
            var what = MilestoneId.IsValid(u.MissingId) ? "which does not exist" : "which is not a milestone id";
            problems.Add(new Problem(
                ProblemCodes.UnknownDependency,
                $"{u.MilestoneId} depends on {u.MissingId}, {what}",
                u.Source?.Path,
                u.Source?.Line,
                u.MilestoneId));
        }
        Cycles = FindCycles();
        foreach (var cycle in Cycles)
        {
            var source = sources.GetValueOrDefault((cycle[0], cycle.Count > 1 ? cycle[1] : cycle[0]));
            problems.Add(new Problem(
                ProblemCodes.Cycle,
                $"dependency cycle: {string.Join(" → ", cycle)} → {cycle[0]}",
                source?.Path,
                source?.Line,
                cycle[0]));
        }
    }

    public static DependencyGraph Empty { get; } = new([]);

    /// <summary>Milestone ids in the order given to <see cref="Build"/>.</summary>
    public IReadOnlyList<string> Nodes => nodes;

    /// <summary>Each cycle once: its ids in dependency order (each depends on the next; the last on the first), starting at its smallest id.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles { get; }

    public IReadOnlyList<UnknownDependency> UnknownDependencies { get; }

    /// <summary>A <c>cycle</c> problem per cycle and an <c>unknown-dependency</c> problem per missing id, with file and line.</summary>
    public IReadOnlyList<Problem> Problems => problems;

    public static DependencyGraph Build(IReadOnlyList<Milestone> milestones) => new(milestones);

    public bool Contains(string id) => index.ContainsKey(id);

    /// <summary>True when the milestone is on a cycle (it can never become ready).</summary>
    public bool IsInCycle(string id) => inCycle.Contains(id);

    /// <summary>Direct dependencies that exist in the project, in the order <c>depends_on</c> lists them.</summary>
    public IReadOnlyList<string> DependenciesOf(string id) => index.TryGetValue(id, out var i) ? dependencies[i] : [];

    /// <summary>Milestones that list <paramref name="id"/> in their <c>depends_on</c>, in node order.</summary>
    public IReadOnlyList<string> Dependents(string id) => index.TryGetValue(id, out var i) ? dependents[i] : [];

    /// <summary>Everything <paramref name="id"/> waits on, directly or not (nearest first; never itself unless on a cycle).</summary>
    public IReadOnlyList<string> TransitiveDependenciesOf(string id) => Reach(id, dependencies);

    /// <summary>Everything that waits on <paramref name="id"/>, directly or not (nearest first).</summary>
    public IReadOnlyList<string> TransitiveDependents(string id) => Reach(id, dependents);

    /// <summary>
    /// All ids, each after its dependencies; among ids free to go, node order (queue order) decides. Ids on a cycle,
    /// and ids that wait on one, cannot be ordered and come last, in node order.
    /// </summary>
    public IReadOnlyList<string> TopologicalOrder()
    {
        var remaining = new int[nodes.Count];
        var ready = new PriorityQueue<int, int>();
        for (var i = 0; i < nodes.Count; i++)
        {
            remaining[i] = dependencies[i].Count;
            if (remaining[i] == 0)
            {
                ready.Enqueue(i, i);
            }
        }
        var order = new List<string>(nodes.Count);
        var placed = new bool[nodes.Count];
        while (ready.TryDequeue(out var next, out _))
        {
            order.Add(nodes[next]);
            placed[next] = true;
            foreach (var dependent in dependents[next])
            {
                var d = index[dependent];
                if (--remaining[d] == 0)
                {
                    ready.Enqueue(d, d);
                }
            }
        }
        for (var i = 0; i < nodes.Count; i++)
        {
            if (!placed[i])
            {
                order.Add(nodes[i]);
            }
        }
        return order;
    }

    private List<string> Reach(string id, List<string>[] edges)
    {
        var result = new List<string>();
        if (!index.TryGetValue(id, out var start))
        {
            return result;
        }
        var seen = new HashSet<int>();
        var queue = new Queue<int>();
        queue.Enqueue(start);
        while (queue.TryDequeue(out var current))
        {
            foreach (var next in edges[current])
            {
                var n = index[next];
                if (seen.Add(n))
                {
                    result.Add(next);
                    queue.Enqueue(n);
                }
            }
        }
        return result;
    }

    /// <summary>Tarjan's strongly connected components (iterative: a long chain must not overflow the stack).</summary>
    private List<IReadOnlyList<string>> FindCycles()
    {
        var count = nodes.Count;
        var order = new int[count];
        var low = new int[count];
        var onStack = new bool[count];
        Array.Fill(order, -1);
        var stack = new Stack<int>();
        var components = new List<List<int>>();
        var counter = 0;
        var work = new Stack<(int Node, int Edge)>();
        for (var root = 0; root < count; root++)
        {
            if (order[root] >= 0)
            {
                continue;
            }
            work.Push((root, 0));
            while (work.Count > 0)
            {
                var (node, edge) = work.Pop();
                if (edge == 0)
                {
                    order[node] = low[node] = counter++;
                    stack.Push(node);
                    onStack[node] = true;
                }
                if (edge < dependencies[node].Count)
                {
                    work.Push((node, edge + 1));
                    var next = index[dependencies[node][edge]];
                    if (order[next] < 0)
                    {
                        work.Push((next, 0));
                    }
                    else if (onStack[next])
                    {
                        low[node] = Math.Min(low[node], order[next]);
                    }
                    continue;
                }
                if (low[node] == order[node])
                {
                    var component = new List<int>();
                    int member;
                    do
                    {
                        member = stack.Pop();
                        onStack[member] = false;
                        component.Add(member);
                    }
                    while (member != node);
                    components.Add(component);
                }
                if (work.Count > 0)
                {
                    var parent = work.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[node]);
                }
            }
        }
        var cycles = new List<IReadOnlyList<string>>();
        foreach (var component in components)
        {
            var single = component.Count == 1;
            if (single && !dependencies[component[0]].Contains(nodes[component[0]]))
            {
                continue;
            }
            foreach (var member in component)
            {
                inCycle.Add(nodes[member]);
            }
            cycles.Add(single ? [nodes[component[0]]] : CyclePath(component));
        }
        cycles.Sort((a, b) => string.CompareOrdinal(a[0], b[0]));
        return cycles;
    }

    /// <summary>A shortest cycle through the component's smallest id, found breadth-first inside the component.</summary>
    private List<string> CyclePath(List<int> component)
    {
        var members = new HashSet<int>(component);
        var start = component.MinBy(i => nodes[i], StringComparer.Ordinal);
        var previous = new Dictionary<int, int>();
        var queue = new Queue<int>();
        queue.Enqueue(start);
        var end = -1;
        while (queue.TryDequeue(out var current) && end < 0)
        {
            foreach (var dep in dependencies[current])
            {
                var next = index[dep];
                if (!members.Contains(next))
                {
                    continue;
                }
                if (next == start)
                {
                    end = current;
                    break;
                }
                if (previous.TryAdd(next, current))
                {
                    queue.Enqueue(next);
                }
            }
        }
        var path = new List<string>();
        for (var at = end; at != start; at = previous[at])
        {
            path.Add(nodes[at]);
        }
        path.Add(nodes[start]);
        path.Reverse();
        return path;
    }
}
