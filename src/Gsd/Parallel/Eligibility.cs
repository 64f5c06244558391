using Gsd.Layout;
using Gsd.Planning;
using Gsd.Protocol;

namespace Gsd.Parallel;

/// <summary>
/// Which milestones may start: not complete, parked or a ghost; every dependency complete on the integration branch;
/// not already running or held back by an earlier failed merge. File overlap is a warning, never a blocker.
/// </summary>
public static class Eligibility
{
    public static EligibilityReport Compute(PlanningProject project, IReadOnlyDictionary<string, MilestoneRun>? run = null)
    {
        // A merge that hit a conflict or failed (merges.json, whoever ran it) holds its milestone back even without a run record.
        run = new MergeLedger(new ParallelPaths(project.Root)).Overlay(run);
        var eligible = new List<Milestone>();
        var ineligible = new List<IneligibleMilestone>();
        foreach (var m in project.Milestones)
        {
            var reason = ReasonNotEligible(project, m, run);
            if (reason is null)
            {
                eligible.Add(m);
            }
            else
            {
                ineligible.Add(new IneligibleMilestone(m.Id, m.Title, reason) { WaitsFor = IncompleteDependencies(project, m) });
            }
        }
        return new EligibilityReport(eligible.Select(m => new EligibleMilestone(m.Id, m.Title)).ToList(), ineligible, Overlaps(eligible));
    }

    /// <summary>
    /// Each pair of eligible milestones that name a common file, in the order of the list, with the shared files sorted.
    /// Found through an index from file to milestones, so only pairs that share something are ever compared: the cost grows
    /// with the overlaps, not with the square of the number of milestones.
    /// </summary>
    private static List<FileOverlap> Overlaps(List<Milestone> eligible)
    {
        var byFile = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < eligible.Count; i++)
        {
            foreach (var file in eligible[i].FilesTouched.Distinct(StringComparer.Ordinal))
            {
                if (!byFile.TryGetValue(file, out var owners))
                {
                    byFile[file] = owners = [];
                }
                owners.Add(i);
            }
        }
        var shared = new Dictionary<(int, int), List<string>>();
        foreach (var (file, owners) in byFile)
        {
            for (var a = 0; a < owners.Count; a++)
            {
                for (var b = a + 1; b < owners.Count; b++)
                {
                    if (!shared.TryGetValue((owners[a], owners[b]), out var files))
                    {
                        shared[(owners[a], owners[b])] = files = [];
                    }
                    files.Add(file);
                }
            }
        }
        return shared.OrderBy(kv => kv.Key.Item1).ThenBy(kv => kv.Key.Item2)
            .Select(kv => new FileOverlap(eligible[kv.Key.Item1].Id, eligible[kv.Key.Item2].Id, kv.Value.Order(StringComparer.Ordinal).ToList()))
            .ToList();
    }

    private static string? ReasonNotEligible(PlanningProject project, Milestone m, IReadOnlyDictionary<string, MilestoneRun>? run)
    {
        if (!MilestoneId.IsValid(m.Id))
        {
            return "Not a valid milestone id (M###).";
        }
        switch (m.Status)
        {
            case MilestoneStatus.Complete:
                return "Already complete.";
            case MilestoneStatus.Parked:
                return "Parked.";
            case MilestoneStatus.Ghost:
                return "Ghost directory (no CONTEXT, ROADMAP or SUMMARY).";
        }
        if (run is not null && run.TryGetValue(m.Id, out var state))
        {
            switch (state.State)
            {
                case RunState.Running:
                    return "Already running.";
                case RunState.Complete:
                    return "Complete on its branch; waiting to be merged (`gsd parallel merge " + m.Id + "`).";
                case RunState.Conflict:
                    return $"Its merge hit a conflict ({string.Join(", ", state.ConflictFiles)}); resolve it and run `gsd parallel merge {m.Id}`.";
                case RunState.Failed:
                    return $"Its merge failed: {state.Error}. Fix it and run `gsd parallel merge {m.Id}`.";
            }
        }
        if (m.UnreadableDependencies is { } unreadable)
        {
            return $"Its dependencies cannot be read: {unreadable}.";
        }
        var waiting = IncompleteDependencies(project, m);
        return waiting.Count > 0 ? $"Blocked by incomplete dependencies: {string.Join(", ", waiting)}." : null;
    }

    /// <summary>Dependencies not complete in the project root's checkout (the integration branch).</summary>
    private static List<string> IncompleteDependencies(PlanningProject project, Milestone m) =>
        m.DependsOn.Where(d => project.Find(d)?.Status != MilestoneStatus.Complete).ToList();
}
