using Gsd.Layout;
using Gsd.Planning;

namespace Gsd.Auto;

/// <summary>Derives the next unit from the files alone, so a restarted worker resumes exactly where the branch is.</summary>
public static class UnitPlanner
{
    /// <summary>The next unit, or null when the milestone is complete.</summary>
    public static WorkUnit? Next(Milestone m)
    {
        if (m.IsComplete)
        {
            return null;
        }
        if (!m.HasRoadmap || m.Slices.Count == 0)
        {
            return new WorkUnit(UnitTypes.PlanMilestone, m.Id, $"plan milestone {m.Title}".TrimEnd(), m.Id);
        }
        foreach (var slice in m.Slices)
        {
            // A roadmap form without done markers (headings) counts a slice done once its summary exists.
            if (slice.IsDone || (slice.Done is null && slice.HasSummary) || !MilestoneId.IsPathSafe(slice.Id))
            {
                continue;
            }
            var sliceUnit = $"{m.Id}/{slice.Id}";
            if (!slice.HasPlan || slice.Tasks.Count == 0)
            {
                return new WorkUnit(UnitTypes.PlanSlice, sliceUnit, $"plan slice {slice.Title}", m.Id, slice.Id);
            }
            var task = slice.Tasks.FirstOrDefault(t => !t.Done);
            if (task is not null)
            {
                return new WorkUnit(UnitTypes.ExecuteTask, $"{sliceUnit}/{task.Id}", task.Title, m.Id, slice.Id, task.Id);
            }
            return new WorkUnit(UnitTypes.CompleteSlice, sliceUnit, $"complete slice {slice.Title}", m.Id, slice.Id);
        }
        return new WorkUnit(UnitTypes.CompleteMilestone, m.Id, $"complete milestone {m.Title}".TrimEnd(), m.Id);
    }
}
