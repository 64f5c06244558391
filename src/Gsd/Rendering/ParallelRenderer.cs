using System.Globalization;
using Spectre.Console.Rendering;
using Spectre.Console;
using Gsd.Parallel;
using Gsd.Protocol;

namespace Gsd.Rendering;

/// <summary>The eligibility report, the started-workers table, the status dashboard and event lines.</summary>
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
            var state = s.Started ? (s.Adopted ? $"{s.State} (adopted)" : s.State) : s.State == "merged" ? "merged" : $"not started ({s.State})";
            table.AddRow(
                Markup.Escape(s.MilestoneId),
                Markup.Escape(state),
                s.Pid == 0 ? "-" : s.Pid.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(s.Branch ?? "-"),
                Markup.Escape(s.Worktree ?? "-"));
        }
        console.Write(table);
        foreach (var s in started.Where(s => s.Error is not null))
        {
            console.WriteLine($"{s.MilestoneId}: {s.Error}");
        }
        if (started.Any(s => s.Started))
        {
            console.WriteLine("The coordinator runs in the background. Watch with `gsd parallel status --watch`; stop with `gsd parallel stop`.");
        }
    }

    public static IRenderable Dashboard(ParallelStatusReport report) => Dashboard(report, []);

    public static IRenderable Dashboard(ParallelStatusReport report, IReadOnlyList<ParallelEvent> recentEvents)
    {
        var rows = new List<IRenderable>();
        var c = report.Coordinator;
        var coordinatorUnreadable = report.Unreadable.Any(u => Path.GetFileName(u.Path) == "coordinator.json");
        rows.Add(new Text(c.Pid is null
            ? coordinatorUnreadable ? "Coordinator: its record is unreadable (see below)." : "Coordinator: none has run here yet."
            : c.Alive
                ? $"Coordinator: pid {c.Pid}, run {c.RunId}, heartbeat {Age(c.HeartbeatAgeSeconds)} ago{(c.Stopping ? "; stopping: no new workers start" : c.Paused ? "; paused: no new workers start until `gsd parallel resume`" : string.Empty)}"
                : c.Crashed
                    ? $"Coordinator: crashed (pid {c.Pid}, run {c.RunId}); run `gsd parallel start` to adopt the {report.Workers.Count(w => WorkerStates.IsLive(Enum.TryParse<WorkerState>(w.State, true, out var s) ? s : WorkerState.Crashed))} live worker(s) and merge what completed"
                    : $"Coordinator: not running{(c.ExitReason is null ? string.Empty : $" (last run ended: {c.ExitReason})")}"));
        if (report.Preferences is { } prefs)
        {
            rows.Add(new Text(string.Create(CultureInfo.InvariantCulture, $"Preferences: {prefs.Sources} (taken at {prefs.TakenAt.ToLocalTime():yyyy-MM-dd HH:mm:ss}, run {prefs.RunId})")));
        }
        if (report.Workers.Count == 0)
        {
            rows.Add(new Text(report.EarlierRunsHidden == 0 ? "No workers. Start some with `gsd parallel start`." : "No workers in this run. Start some with `gsd parallel start`."));
        }
        else
        {
            rows.Add(new WidestThatFits(FullTable(report.Workers), CompactTable(report.Workers)));
            foreach (var w in report.Workers.Where(w => w.CurrentUnit is not null && (w.Activity is not null || w.UnitCostSoFar > 0)))
            {
                var cost = w.UnitCostSoFar is { } soFar ? $" ({Money(soFar)} so far)" : string.Empty;
                rows.Add(new Text(Short($"{w.MilestoneId} now: {w.Activity ?? "working"}{cost}", 120)));
            }
            foreach (var w in report.Workers.Where(w => w.Error is not null))
            {
                rows.Add(new Text($"{w.MilestoneId}: {Short(w.Error!)}"));
            }
            foreach (var w in report.Workers.Where(w => w.WaitingUntil is not null))
            {
                rows.Add(new Text($"{w.MilestoneId}: waiting until {Utc(w.WaitingUntil!.Value)} — {Short(w.WaitReason ?? "rate limit")}"));
            }
            foreach (var w in report.Workers.Where(w => w.PermissionDenials is { Count: > 0 }))
            {
                rows.Add(new Text($"{w.MilestoneId}: its agent was denied {Short(string.Join("; ", w.PermissionDenials!))} (see agent.allowed_tools)"));
            }
        }
        foreach (var u in report.Unreadable)
        {
            rows.Add(new Text($"Unreadable: {u.Path}: {u.Reason}. gsd writes it atomically, so something else damaged it: move it aside (`gsd doctor` reports what is left to repair)."));
        }
        if (report.EarlierRunsHidden > 0)
        {
            rows.Add(new Text($"{report.EarlierRunsHidden} milestone(s) of earlier runs not shown (`gsd parallel status --all` shows them)."));
        }
        if (report.AgentHold is { } hold)
        {
            rows.Add(new Markup(Markup.Escape(hold.FailureClass == AgentHold.Permanent
                ? $"Agent {hold.Agent} cannot run (hit by {hold.MilestoneId}): {Short(hold.Reason)}. No worker on it starts a unit; fix it, then `gsd parallel start` again."
                : $"Agent {hold.Agent} is rate-limited until {Utc(hold.Until!.Value)} (hit by {hold.MilestoneId}): {Short(hold.Reason)}. Its workers wait; no try is spent.")));
        }
        var ceiling = report.BudgetCeiling is null ? "no ceiling" : Money(report.BudgetCeiling.Value) + " ceiling";
        rows.Add(new Text($"Run cost: {Money(report.RunCost)} ({ceiling}); project total: {Money(report.TotalCost)}"));
        if (report.Workers.Any(w => w.CostUnknown))
        {
            // Codex prints no cost: the sums above (and the ceiling) count only what agents reported.
            rows.Add(new Text("Some agents report no cost (codex): costs above count only reported costs."));
        }
        if (report.BudgetReached)
        {
            rows.Add(new Markup("[red]Budget ceiling reached: no new units start; workers stop after their current unit.[/]"));
        }
        rows.Add(new Text(report.ReadyToMerge.Count == 0 ? "Ready to merge: none" : $"Ready to merge: {string.Join(", ", report.ReadyToMerge)} (`gsd parallel merge`)"));
        foreach (var p in report.PredictedConflicts)
        {
            rows.Add(new Text($"Predicted conflict: {p.A} with {p.B ?? "the integration branch"} on {string.Join(", ", p.Files)}"));
        }
        if (recentEvents.Count > 0)
        {
            rows.Add(new Text(string.Empty));
            foreach (var e in recentEvents)
            {
                rows.Add(new Text(Short(EventLine(e), 120)));
            }
        }
        return new Rows(rows);
    }

    /// <summary>One event as a plain line: time, event, milestone, message.</summary>
    public static string EventLine(ParallelEvent e) =>
        string.Create(CultureInfo.InvariantCulture, $"{e.Time.ToLocalTime():HH:mm:ss} {e.Event,-18} {e.MilestoneId ?? "-",-5} {e.Message}");

    /// <summary>Every column: what a wide terminal or piped output shows.</summary>
    private static Table FullTable(IReadOnlyList<WorkerView> workers)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumns("MID", "state");
        table.AddColumn(new TableColumn("unit").NoWrap());
        table.AddColumns("progress", "units", "cost", "beat", "pid");
        foreach (var w in workers)
        {
            table.AddRow(
                Markup.Escape(w.MilestoneId),
                StateMarkup(w.State) + (w.RunState is { } run and (RunState.Merged or RunState.Conflict or RunState.Failed) ? $" [grey]({run.Name()})[/]" : string.Empty),
                Markup.Escape(w.CurrentUnit is null ? "-" : $"{w.CurrentUnit.Type} {w.CurrentUnit.Id}"),
                ProgressText(w.Progress),
                w.CompletedUnits.ToString(CultureInfo.InvariantCulture),
                WorkerCost(w),
                Age(w.HeartbeatAgeSeconds),
                w.Pid == 0 ? "-" : w.Pid.ToString(CultureInfo.InvariantCulture));
        }
        return table;
    }

    /// <summary>
    /// Fits 80 columns: no units or pid (in --json), the unit's type as its verb, a merge outcome in place of
    /// <c>complete</c>. Unit ids never wrap: a line break inside <c>M002/S01/T01</c> would make it unreadable and ungreppable.
    /// </summary>
    private static Table CompactTable(IReadOnlyList<WorkerView> workers)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn(new TableColumn("MID").NoWrap());
        table.AddColumn(new TableColumn("state").NoWrap());
        table.AddColumn(new TableColumn("unit").NoWrap());
        table.AddColumns("progress", "cost", "beat");
        foreach (var w in workers)
        {
            var merge = w.State == WorkerState.Complete.Name() && w.RunState is { } run and (RunState.Merged or RunState.Conflict or RunState.Failed) ? run : (RunState?)null;
            table.AddRow(
                Markup.Escape(w.MilestoneId),
                merge switch
                {
                    RunState.Merged => "[grey]merged[/]",
                    RunState.Conflict => "[red]conflict[/]",
                    RunState.Failed => "[red]unmerged[/]",
                    _ => StateMarkup(w.State),
                },
                Markup.Escape(w.CurrentUnit is null ? "-" : $"{Verb(w.CurrentUnit.Type)} {w.CurrentUnit.Id}"),
                ProgressText(w.Progress),
                WorkerCost(w),
                Age(w.HeartbeatAgeSeconds));
        }
        return table;
    }

    /// <summary>Done out of planned: a worker in its first task shows T0/N.</summary>
    private static string ProgressText(Gsd.Protocol.Progress p) => $"S{p.SlicesDone}/{p.SlicesTotal} T{p.TasksDone}/{p.TasksTotal}";

    /// <summary>execute-task → execute; the id says whether it is a milestone's, a slice's or a task's.</summary>
    private static string Verb(string unitType) => unitType.Split('-')[0];

    /// <summary>A worker state in colour; a run state shown in its place (it never wrote a status file) as its worker state would be.</summary>
    private static string StateMarkup(string state) => !Enum.TryParse<WorkerState>(state, ignoreCase: true, out var known) || known.Name() != state ? Markup.Escape(state) : known switch
    {
        WorkerState.Running => "[green]running[/]",
        WorkerState.Pausing => "[yellow]pausing[/]",
        WorkerState.Paused => "[yellow]paused[/]",
        WorkerState.Waiting => "[yellow]waiting[/]",
        WorkerState.Crashed => "[red]crashed[/]",
        WorkerState.Blocked or WorkerState.Error => $"[red]{state}[/]",
        WorkerState.Complete => "[cyan]complete[/]",
        _ => Markup.Escape(state),
    };

    private static string Utc(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Money(decimal amount) => "$" + amount.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>A worker whose agent prints no cost (codex) shows <c>unknown</c>, or what was reported plus <c>?</c>, never a bare $0.00.</summary>
    private static string WorkerCost(WorkerView w) => !w.CostUnknown ? Money(w.Cost) : w.Cost == 0 ? "unknown" : Money(w.Cost) + "+?";

    private static string Age(double? seconds) => seconds is null ? "-" : seconds.Value.ToString("0", CultureInfo.InvariantCulture) + "s";

    private static string Short(string text, int max = 200)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= max ? line : line[..(max - 3)] + "...";
    }

    /// <summary>The first renderable whose natural width fits the space given, else the last: a table that never wraps.</summary>
    private sealed class WidestThatFits(params IRenderable[] choices) : IRenderable
    {
        public Measurement Measure(RenderOptions options, int maxWidth) => Pick(options, maxWidth).Measure(options, maxWidth);

        public IEnumerable<Segment> Render(RenderOptions options, int maxWidth) => Pick(options, maxWidth).Render(options, maxWidth);

        private IRenderable Pick(RenderOptions options, int maxWidth) =>
            choices.FirstOrDefault(c => c.Measure(options, maxWidth).Max <= maxWidth) ?? choices[^1];
    }
}
