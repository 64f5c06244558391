using System.Globalization;
using Gsd.Parallel;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Gsd.Rendering;

/// <summary>The eligibility report, the started-workers table and the status dashboard.</summary>
public static class ParallelRenderer
{
    public static void RenderEligibility(IAnsiConsole console, EligibilityReport report)
    {
        console.WriteLine($"Eligible for Parallel Execution ({report.Eligible.Count})");
        foreach (var e in report.Eligible)
        {
            console.WriteLine($"  {e.Id}  {e.Title}");
        }
        console.WriteLine($"Ineligible ({report.Ineligible.Count})");
        foreach (var i in report.Ineligible)
        {
            console.WriteLine($"  {i.Id}  {i.Reason}");
        }
        console.WriteLine($"File Overlap Warnings ({report.Overlaps.Count})");
        foreach (var o in report.Overlaps)
        {
            console.WriteLine($"  {o.A} and {o.B} both touch: {string.Join(", ", o.Files)}");
        }
        console.WriteLine();
    }

    public static void RenderStarted(IAnsiConsole console, IReadOnlyList<StartedWorker> started)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumns("milestone", "state", "pid", "branch", "worktree");
        foreach (var s in started)
        {
            table.AddRow(s.MilestoneId, Markup.Escape(s.Started ? s.State : $"not started: {s.Error}"), s.Pid == 0 ? "-" : s.Pid.ToString(CultureInfo.InvariantCulture), Markup.Escape(s.Branch ?? "-"), Markup.Escape(s.Worktree ?? "-"));
        }
        console.Write(table);
        console.WriteLine("The coordinator runs in the background. Watch with `gsd parallel status --watch`; stop with `gsd parallel stop`.");
    }

    public static IRenderable Dashboard(ParallelStatusReport report)
    {
        var rows = new List<IRenderable>();
        var c = report.Coordinator;
        rows.Add(new Text(c.Pid is null
            ? "Coordinator: none has run here yet."
            : c.Alive
                ? $"Coordinator: pid {c.Pid}, run {c.RunId}, heartbeat {Age(c.HeartbeatAgeSeconds)} ago"
                : $"Coordinator: not running{(c.ExitReason is null ? " (it died; `gsd parallel start` adopts live workers)" : $" (last run ended: {c.ExitReason})")}"));
        if (report.Workers.Count == 0)
        {
            rows.Add(new Text("No workers. Start some with `gsd parallel start`."));
        }
        else
        {
            var table = new Table().Border(TableBorder.Simple);
            table.AddColumns("milestone", "state", "unit", "slices", "tasks", "units", "cost", "heartbeat", "pid");
            foreach (var w in report.Workers)
            {
                table.AddRow(
                    Markup.Escape(w.MilestoneId),
                    StateMarkup(w.State) + (w.Error is null ? string.Empty : $"\n[grey]{Markup.Escape(Short(w.Error))}[/]"),
                    Markup.Escape(w.CurrentUnit is null ? "-" : $"{w.CurrentUnit.Type} {w.CurrentUnit.Id}"),
                    $"{w.Progress.SlicesDone}/{w.Progress.SlicesTotal}",
                    $"{w.Progress.TasksDone}/{w.Progress.TasksTotal}",
                    w.CompletedUnits.ToString(CultureInfo.InvariantCulture),
                    "$" + w.Cost.ToString("0.00", CultureInfo.InvariantCulture),
                    Age(w.HeartbeatAgeSeconds),
                    w.Pid == 0 ? "-" : w.Pid.ToString(CultureInfo.InvariantCulture));
            }
            rows.Add(table);
        }
        var ceiling = report.BudgetCeiling is null ? "no ceiling" : "$" + report.BudgetCeiling.Value.ToString("0.00", CultureInfo.InvariantCulture) + " ceiling";
        rows.Add(new Text($"Total cost: ${report.TotalCost.ToString("0.00", CultureInfo.InvariantCulture)} ({ceiling}){(report.BudgetReached ? " — BUDGET CEILING REACHED: no new units start" : string.Empty)}"));
        rows.Add(new Text(report.ReadyToMerge.Count == 0 ? "Ready to merge: none" : $"Ready to merge: {string.Join(", ", report.ReadyToMerge)} (`gsd parallel merge`)"));
        foreach (var p in report.PredictedConflicts)
        {
            rows.Add(new Text($"Predicted conflict: {p.A} with {p.B ?? "the integration branch"} on {string.Join(", ", p.Files)}"));
        }
        return new Rows(rows);
    }

    private static string StateMarkup(string state) => state switch
    {
        WorkerStates.Running => "[green]running[/]",
        WorkerStates.Paused => "[yellow]paused[/]",
        WorkerStates.Crashed => "[red]crashed[/]",
        WorkerStates.Blocked or WorkerStates.Error => $"[red]{state}[/]",
        WorkerStates.Complete => "[cyan]complete[/]",
        _ => Markup.Escape(state),
    };

    private static string Age(double? seconds) => seconds is null ? "-" : seconds.Value.ToString("0", CultureInfo.InvariantCulture) + "s";

    private static string Short(string text) => text.Length <= 80 ? text.ReplaceLineEndings(" ") : text[..77].ReplaceLineEndings(" ") + "...";
}
