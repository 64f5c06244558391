using Spectre.Console;
using Gsd.Auto;
using Gsd.Planning;

namespace Gsd.Rendering;

/// <summary>Renders the queue as a table, then what each blocked milestone waits for, then problems.</summary>
public static class QueueRenderer
{
    /// <param name="owners">Who holds each milestone outside this checkout; shown as its run state (with the worker's pid).</param>
    public static void Render(IAnsiConsole console, PlanningProject project, IReadOnlyDictionary<string, MilestoneOwner>? owners = null)
    {
        if (project.Milestones.Count == 0)
        {
            console.WriteLine("No milestones yet. Create one with `gsd milestone new \"Title\"`.");
        }
        else
        {
            var table = new Table().Border(TableBorder.Simple);
            table.AddColumns("id", "title", "status", "run", "depends on", "slices", "tasks");
            foreach (var m in project.Milestones)
            {
                table.AddRow(
                    Markup.Escape(m.Id),
                    Markup.Escape(m.IsGhost ? "(ghost: no context, roadmap or summary)" : m.Title),
                    StatusMarkup(m.Status),
                    Markup.Escape(RunText(owners?.GetValueOrDefault(m.Id))),
                    Markup.Escape(m.DependsOn.Count == 0 ? "-" : string.Join(", ", m.DependsOn)),
                    $"{m.SlicesDone}/{m.SlicesTotal}",
                    $"{m.TasksDone}/{m.TasksTotal}");
            }
            console.Write(table);
        }
        foreach (var m in project.Milestones.Where(m => m.Status == MilestoneStatus.Blocked))
        {
            console.WriteLine(m.UnreadableDependencies is { } unreadable
                ? $"{m.Id} is blocked: its dependencies cannot be read ({unreadable}); fix the file"
                : $"{m.Id} is blocked: waits for {string.Join(", ", m.WaitingFor.Select(w => Describe(project, w)))}");
        }
        if (project.Problems.Count > 0)
        {
            console.WriteLine();
            console.WriteLine($"Problems ({project.Problems.Count}):");
            foreach (var p in project.Problems)
            {
                console.WriteLine($"  {p}");
            }
        }
    }

    private static string RunText(MilestoneOwner? owner) => owner switch
    {
        null => "-",
        { WorkerPid: { } pid } => $"{owner.State.Name()} (pid {pid})",
        _ => owner.State.Name(),
    };

    private static string Describe(PlanningProject project, string id)
    {
        var dep = project.Find(id);
        return dep is null ? $"{id} (unknown milestone)" : $"{id} ({QueueReport.StatusName(dep.Status)})";
    }

    private static string StatusMarkup(MilestoneStatus status) => status switch
    {
        MilestoneStatus.Complete => "[green]complete[/]",
        MilestoneStatus.Ready => "[cyan]ready[/]",
        MilestoneStatus.Blocked => "[yellow]blocked[/]",
        MilestoneStatus.Parked => "[grey]parked[/]",
        MilestoneStatus.Ghost => "[grey]ghost[/]",
        _ => status.ToString(),
    };
}
