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
        var overlaps = new List<FileOverlap>();
        for (var i = 0; i < eligible.Count; i++)
        {
            for (var j = i + 1; j < eligible.Count; j++)
            {
                var shared = eligible[i].FilesTouched.Intersect(eligible[j].FilesTouched, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                if (shared.Count > 0)
                {
                    overlaps.Add(new FileOverlap(eligible[i].Id, eligible[j].Id, shared));
                }
            }
        }
        return new EligibilityReport(eligible.Select(m => new EligibleMilestone(m.Id, m.Title)).ToList(), ineligible, overlaps);
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
