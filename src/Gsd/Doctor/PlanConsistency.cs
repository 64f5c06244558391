using Gsd.Layout;
using Gsd.Planning;

namespace Gsd.Doctor;

/// <summary>
/// What GSD-2's doctor finds in a plan that reads fine file by file but does not hold together: a milestone whose
/// slices are all done but which never completed, a slice depending on a slice the roadmap does not declare, task
/// summaries with no task in the PLAN or not where the worker looks, a dependency on a parked milestone. Each
/// finding names the file and line; none is repaired automatically (each needs a person's judgement or a gsd run).
/// </summary>
internal static class PlanConsistency
{
    public static IEnumerable<DoctorIssue> Inspect(PlanningProject project)
    {
        var root = project.Root;
        foreach (var milestone in project.Milestones)
        {
            if (milestone.IsGhost)
            {
                continue;
            }
            var roadmap = GsdPaths.Relative(root, GsdPaths.RoadmapFile(root, milestone.Id));
            if (AllSlicesDone(milestone) && milestone.Status != MilestoneStatus.Parked)
            {
                yield return new DoctorIssue(
                    DoctorCodes.MilestoneSummaryMissing,
                    DoctorSeverity.Warning,
                    $"{roadmap}:{milestone.Slices[^1].Line}: {milestone.Id}: all {milestone.SlicesTotal} slices are done but there is no "
                    + $"{milestone.Id}-SUMMARY.md, so the milestone is stuck before completion; finish it with `gsd auto`, which runs "
                    + "complete-milestone and writes the SUMMARY")
                {
                    NotFixableReason = "completing a milestone is a gsd auto unit, not a repair",
                };
            }
            var declared = milestone.Slices.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var slice in milestone.Slices)
            {
                foreach (var dep in slice.DependsOn.Where(d => !declared.Contains(d)))
                {
                    yield return new DoctorIssue(
                        DoctorCodes.UnknownSliceDependency,
                        DoctorSeverity.Warning,
                        $"{roadmap}:{slice.Line}: slice {milestone.Id}/{slice.Id} depends on {dep}, which this roadmap does not declare; "
                        + $"the slice waits for it forever (declared: {DoctorContext.List(declared)})")
                    {
                        NotFixableReason = "only you know which slice was meant: fix the depends list",
                    };
                }
                foreach (var issue in TaskSummaries(root, milestone, slice))
                {
                    yield return issue;
                }
            }
            foreach (var (dep, source) in milestone.DependencySources)
            {
                if (!milestone.IsComplete && project.Find(dep) is { Status: MilestoneStatus.Parked })
                {
                    yield return new DoctorIssue(
                        DoctorCodes.DependsOnParked,
                        DoctorSeverity.Warning,
                        $"{source.Path}:{source.Line}: {milestone.Id} depends on {dep}, which is parked; {milestone.Id} cannot start until "
                        + $"{dep} is unparked (`gsd milestone unpark {dep}`) and complete, or the dependency is removed")
                    {
                        NotFixableReason = "unpark the dependency or edit depends_on",
                    };
                }
            }
        }
    }

    /// <summary>Done the way the worker sees it: the roadmap's mark, or (with no mark) the slice's SUMMARY.</summary>
    private static bool AllSlicesDone(Milestone milestone) =>
        !milestone.HasSummary && milestone.SlicesTotal > 0 && milestone.Slices.All(s => s.IsDone || (s.Done is null && s.HasSummary));

    private static IEnumerable<DoctorIssue> TaskSummaries(string root, Milestone milestone, Slice slice)
    {
        var sliceDir = GsdPaths.SliceDirectory(root, milestone.Id, slice.Id);
        if (!slice.HasPlan || !Directory.Exists(sliceDir))
        {
            yield break;
        }
        var plan = GsdPaths.Relative(root, GsdPaths.SlicePlanFile(root, milestone.Id, slice.Id));
        var tasksDir = GsdPaths.TasksDirectory(root, milestone.Id, slice.Id);
        var planned = slice.Tasks.Select(t => t.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (Directory.Exists(tasksDir))
        {
            foreach (var path in Directory.EnumerateFiles(tasksDir, "*-SUMMARY.md").Order(StringComparer.Ordinal))
            {
                var taskId = Path.GetFileName(path)[..^"-SUMMARY.md".Length];
                if (!planned.Contains(taskId))
                {
                    yield return new DoctorIssue(
                        DoctorCodes.TaskSummaryWithoutTask,
                        DoctorSeverity.Warning,
                        $"{GsdPaths.Relative(root, path)}:1: a summary of {taskId}, but {plan} has no task {taskId} "
                        + $"(it lists {(planned.Count == 0 ? "no task" : DoctorContext.List(slice.Tasks.Select(t => t.Id).ToList()))})")
                    {
                        NotFixableReason = "add the task to the PLAN or remove the stray summary",
                    };
                }
            }
        }
        foreach (var task in slice.Tasks)
        {
            var expected = GsdPaths.TaskSummaryFile(root, milestone.Id, slice.Id, task.Id);
            if (File.Exists(expected))
            {
                continue;
            }
            string[] elsewhere =
            [
                Path.Combine(sliceDir, $"{task.Id}-SUMMARY.md"),
                Path.Combine(tasksDir, task.Id, $"{task.Id}-SUMMARY.md"),
                Path.Combine(GsdPaths.MilestoneDirectory(root, milestone.Id), $"{task.Id}-SUMMARY.md"),
            ];
            if (elsewhere.FirstOrDefault(File.Exists) is { } misplaced)
            {
                var from = GsdPaths.Relative(root, misplaced);
                var to = GsdPaths.Relative(root, expected);
                yield return new DoctorIssue(
                    DoctorCodes.TaskSummaryMisplaced,
                    DoctorSeverity.Warning,
                    $"{plan}:{task.Line}: task {task.Id}'s summary is at {from}, where gsd does not look (it reads {to}); "
                    + $"if it is the task's summary: mkdir -p {DoctorContext.Quote(Path.GetDirectoryName(to)!)} && git mv {DoctorContext.Quote(from)} {DoctorContext.Quote(to)}")
                {
                    NotFixableReason = "moving it marks the task done: only you know whether it is",
                };
            }
        }
    }
}
