using Gsd.Layout;

namespace Gsd.Planning;

/// <summary>
/// Loads a project's <c>.gsd/</c> planning files into a <see cref="PlanningProject"/>. Never throws for bad
/// planning files: each one that cannot be understood becomes a <see cref="Problem"/> naming its path and line,
/// and the rest still loads. Milestone directories are read in parallel; each directory is listed once.
/// </summary>
public static class PlanningLoader
{
    /// <summary>Below this many milestones, threads cost more than they save.</summary>
    private const int ParallelThreshold = 16;

    /// <summary>Loads every milestone (queue order: QUEUE-ORDER.json first, then the rest by id) and every problem.</summary>
    /// <exception cref="GsdException">There is no <c>.gsd/</c> directory at <paramref name="projectRoot"/> (exit 2).</exception>
    public static PlanningProject Load(string projectRoot)
    {
        var root = CheckRoot(projectRoot);
        var problems = new List<Problem>();
        var milestonesDir = GsdPaths.MilestonesDirectory(root);
        var listing = DirectoryListing.Read(milestonesDir, new SourceFile(milestonesDir, GsdPaths.RelativeMilestonesDirectory, null, problems));
        var ids = new List<string>();
        foreach (var name in listing.DirectoryNames)
        {
            if (name.StartsWith('.'))
            {
                continue;
            }
            if (MilestoneId.IsValid(name))
            {
                ids.Add(name);
            }
            else
            {
                problems.Add(new Problem(
                    ProblemCodes.InvalidId,
                    $"directory '{name}' is not a milestone id (M followed by three digits, optionally -abc123, e.g. M002); it is skipped",
                    $".gsd/milestones/{name}"));
            }
        }

        var read = new Milestone[ids.Count];
        if (ids.Count < ParallelThreshold)
        {
            for (var i = 0; i < ids.Count; i++)
            {
                read[i] = MilestoneReader.Read(root, ids[i]);
            }
        }
        else
        {
            System.Threading.Tasks.Parallel.For(0, ids.Count, i => read[i] = MilestoneReader.Read(root, ids[i]));
        }

        var complete = new HashSet<string>(StringComparer.Ordinal);
        foreach (var milestone in read)
        {
            if (milestone.IsComplete)
            {
                complete.Add(milestone.Id);
            }
        }
        var milestones = new List<Milestone>(read.Length);
        foreach (var milestone in read)
        {
            milestones.Add(ResolveStatus(milestone, complete.Contains));
            problems.AddRange(milestone.Problems);
        }

        var ordered = ApplyQueueOrder(root, milestones, problems);
        var graph = DependencyGraph.Build(ordered);
        problems.AddRange(graph.Problems);
        return new PlanningProject(root, ordered, problems) { Graph = graph };
    }

    /// <summary>
    /// Loads one milestone, its Ready/Blocked status decided by its dependencies' own files (they are read for
    /// their SUMMARY/PARKED only). Its <see cref="Milestone.Problems"/> lists what was wrong in its files.
    /// </summary>
    /// <exception cref="GsdException">No <c>.gsd/</c>, an invalid id, or no such milestone directory (exit 2).</exception>
    public static Milestone LoadMilestone(string projectRoot, string milestoneId)
    {
        var root = CheckRoot(projectRoot);
        var directory = GsdPaths.MilestoneDirectory(root, milestoneId);
        if (!Directory.Exists(directory))
        {
            throw new GsdException(
                $"Milestone {milestoneId} not found: there is no directory .gsd/milestones/{milestoneId} in {root}.", ExitCodes.Usage);
        }
        var milestone = MilestoneReader.Read(root, milestoneId);
        return ResolveStatus(milestone, dep =>
            MilestoneId.IsValid(dep)
            && Directory.Exists(Path.Combine(GsdPaths.MilestonesDirectory(root), dep))
            && MilestoneReader.ReadOwnStatus(root, dep) == MilestoneStatus.Complete);
    }

    /// <summary>Ready unless a dependency is not complete (unknown and parked ones included): then Blocked, waiting for those.</summary>
    private static Milestone ResolveStatus(Milestone milestone, Func<string, bool> isComplete)
    {
        if (milestone.Status != MilestoneStatus.Ready)
        {
            return milestone;
        }
        var waiting = milestone.DependsOn.Where(dep => !isComplete(dep)).ToList();
        return waiting.Count == 0 && milestone.UnreadableDependencies is null ? milestone : milestone with { Status = MilestoneStatus.Blocked, WaitingFor = waiting };
    }

    private static List<Milestone> ApplyQueueOrder(string root, List<Milestone> byId, List<Problem> problems)
    {
        var path = GsdPaths.QueueOrderFile(root);
        if (!File.Exists(path))
        {
            return byId;
        }
        var file = new SourceFile(path, ".gsd/QUEUE-ORDER.json", null, problems);
        if (file.Parse(QueueOrderParser.Parse) is not { } order)
        {
            return byId;
        }
        var lookup = byId.ToDictionary(m => m.Id, StringComparer.Ordinal);
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var ordered = new List<Milestone>(byId.Count);
        foreach (var (id, line) in order)
        {
            if (!MilestoneId.IsValid(id))
            {
                file.Report(ProblemCodes.BadQueueOrder, $"'{id}' is not a milestone id; it is ignored", line);
            }
            else if (!lookup.TryGetValue(id, out var milestone))
            {
                file.Report(ProblemCodes.BadQueueOrder, $"lists {id}, which has no directory under .gsd/milestones; it is ignored", line);
            }
            else if (!placed.Add(id))
            {
                file.Report(ProblemCodes.BadQueueOrder, $"lists {id} twice; the first place counts", line);
            }
            else
            {
                ordered.Add(milestone);
            }
        }
        foreach (var milestone in byId)
        {
            if (!placed.Contains(milestone.Id))
            {
                ordered.Add(milestone);
            }
        }
        return ordered;
    }

    private static string CheckRoot(string projectRoot)
    {
        var root = Path.GetFullPath(projectRoot);
        if (!Directory.Exists(GsdPaths.GsdDirectory(root)))
        {
            throw new GsdException($"No .gsd directory found in {root}. Run `gsd init`.", ExitCodes.Usage);
        }
        return root;
    }
}
