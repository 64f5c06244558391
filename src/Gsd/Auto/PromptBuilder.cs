using System.Text;
using Gsd.Layout;
using Gsd.Planning;

namespace Gsd.Auto;

/// <summary>Gathers what an agent needs for a unit — context, roadmap, plan, earlier summaries, failure text — into its prompt.</summary>
public sealed class PromptBuilder(string checkout)
{
    public string Build(WorkUnit unit, Milestone milestone, string? failureText)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["milestoneId"] = milestone.Id,
            ["milestoneTitle"] = milestone.Title,
            ["checkout"] = checkout,
            ["retry"] = RetrySection(failureText),
        };
        switch (unit.Type)
        {
            case UnitTypes.PlanMilestone:
                values["context"] = Context(milestone.Id);
                values["roadmapPath"] = Relative(GsdPaths.RoadmapFile(checkout, milestone.Id));
                break;
            case UnitTypes.PlanSlice:
            {
                var slice = SliceOf(milestone, unit);
                values["sliceId"] = slice.Id;
                values["sliceTitle"] = slice.Title;
                values["roadmap"] = ReadOr(GsdPaths.RoadmapFile(checkout, milestone.Id), "(no roadmap)");
                values["context"] = Context(milestone.Id);
                values["planPath"] = Relative(GsdPaths.SlicePlanFile(checkout, milestone.Id, slice.Id));
                break;
            }
            case UnitTypes.ExecuteTask:
            {
                var slice = SliceOf(milestone, unit);
                var task = slice.Tasks.First(t => t.Id == unit.TaskId);
                values["sliceId"] = slice.Id;
                values["sliceTitle"] = slice.Title;
                values["taskId"] = task.Id;
                values["taskTitle"] = task.Title;
                values["taskBlock"] = TaskBlock(task);
                values["files"] = task.Files.Count == 0 ? "(not listed: decide from the task)" : string.Join(", ", task.Files);
                values["verify"] = task.Verify ?? "(none given: make sure the change is complete and builds)";
                values["slicePlan"] = ReadOr(GsdPaths.SlicePlanFile(checkout, milestone.Id, slice.Id), "(no plan)");
                values["earlierSummaries"] = EarlierSummaries(milestone.Id, slice, task);
                break;
            }
            default:
                throw new ArgumentException($"{unit.Type} is done by the worker, not an agent.", nameof(unit));
        }
        return PromptTemplates.Render(unit.Type, values);
    }

    private string Context(string milestoneId) =>
        ReadOr(GsdPaths.ContextFile(checkout, milestoneId), ReadOr(GsdPaths.ContextDraftFile(checkout, milestoneId), "(no CONTEXT file: plan from the title)"));

    private static Slice SliceOf(Milestone m, WorkUnit unit) =>
        m.Slices.First(s => s.Id == unit.SliceId);

    private static string TaskBlock(PlannedTask task)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfoInvariant($"- **{task.Id}: {task.Title}**"));
        if (task.Estimate is not null)
        {
            sb.Append(CultureInfoInvariant($" (estimate {task.Estimate})"));
        }
        return sb.ToString();
    }

    private static string CultureInfoInvariant(FormattableString s) => FormattableString.Invariant(s);

    private string EarlierSummaries(string milestoneId, Slice slice, PlannedTask current)
    {
        var sb = new StringBuilder();
        foreach (var task in slice.Tasks.TakeWhile(t => t.Id != current.Id))
        {
            var text = ReadOr(GsdPaths.TaskSummaryFile(checkout, milestoneId, slice.Id, task.Id), null);
            sb.Append(CultureInfoInvariant($"### {task.Id}: {task.Title}\n\n{text ?? "(no summary)"}\n\n"));
        }
        return sb.Length == 0 ? "(this is the first task of the slice)" : sb.ToString().TrimEnd();
    }

    private static string RetrySection(string? failureText) => failureText is null
        ? string.Empty
        : $"\n## Previous attempt failed\n\nThe previous attempt at this unit did not succeed. Fix what this says and try again:\n\n```\n{failureText.TrimEnd()}\n```\n";

    private string Relative(string path) => Path.GetRelativePath(checkout, path);

    private static string ReadOr(string path, string? fallback) => File.Exists(path) ? File.ReadAllText(path).TrimEnd() : fallback!;
}
