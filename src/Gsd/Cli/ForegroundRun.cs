using System.Collections.Concurrent;
using Spectre.Console;
using Gsd.Layout;
using Gsd.Parallel;
using Gsd.Planning;
using Gsd.Preferences;
using Gsd.Protocol;
using Gsd.Rendering;

namespace Gsd.Cli;

/// <summary>
/// `start --foreground` (and `gsd demo`): the coordinator runs in this process with a live dashboard, or plain event
/// lines when stdout is not a terminal. Ctrl-C stops the run's workers too: the user was attached to it. The commands
/// that run it stop gracefully, so Ctrl-C and SIGTERM cancel <c>ct</c> rather than kill the process.
/// </summary>
internal static class ForegroundRun
{
    private const int RecentEvents = 6;

    public static async Task<ParallelRunResult> RunAsync(CommandContext ctx, ParallelPaths paths, GsdPreferences prefs, IReadOnlyList<string> toStart, CancellationToken ct, TimeSpan? tick = null)
    {
        var live = ctx.Console.OutIsTerminal;
        var recent = new ConcurrentQueue<ParallelEvent>();
        var gate = new Lock();
        void Line(string text)
        {
            // The coordinator's events and the progress lines come from different threads.
            lock (gate)
            {
                ctx.Out.WriteLine(text);
            }
        }
        void Echo(ParallelEvent e)
        {
            if (live)
            {
                recent.Enqueue(e);
                while (recent.Count > RecentEvents && recent.TryDequeue(out _))
                {
                }
            }
            else
            {
                Line(ParallelRenderer.EventLine(e));
            }
        }
        var coordinator = ParallelStarter.CreateCoordinator(paths, prefs, TimeProvider.System, Echo, tick, ctx.Console.Error);
        ParallelStatusReport Read() => ParallelStatusReader.Read(paths, PlanningLoader.Load(paths.ProjectRoot), prefs.Parallel.BudgetCeiling, DateTimeOffset.UtcNow);
        var run = Task.Run(() => coordinator.RunAsync(toStart, ct), CancellationToken.None);
        if (live)
        {
            await ctx.Out.Live(ParallelRenderer.Dashboard(Read(), recent.ToList())).StartAsync(async l =>
            {
                while (!run.IsCompleted)
                {
                    l.UpdateTarget(ParallelRenderer.Dashboard(Read(), recent.ToList()));
                    await Task.WhenAny(run, Task.Delay(250, CancellationToken.None)).ConfigureAwait(false);
                }
                l.UpdateTarget(ParallelRenderer.Dashboard(Read(), recent.ToList()));
            }).ConfigureAwait(false);
        }
        else
        {
            await PrintProgressAsync(Line, run, Read).ConfigureAwait(false);
        }
        var final = await run.ConfigureAwait(false);
        if (ct.IsCancellationRequested)
        {
            ctx.Out.WriteLine("Interrupted: stopping the run's workers (their interrupted units are saved on their branches)...");
            foreach (var r in new ParallelController(paths, TimeProvider.System).Send(Signals.Stop, null))
            {
                ctx.Out.WriteLine("  " + r.Message);
            }
        }
        if (!live)
        {
            ctx.Out.Write(ParallelRenderer.Dashboard(Read()));
        }
        var reason = ct.IsCancellationRequested ? "interrupted; workers stopped" : final.ExitReason;
        ctx.Out.WriteLine($"Run {final.RunId} ended: {reason}.");
        var failed = final.Milestones.Values.Any(m => m.State is RunState.Error or RunState.Crashed or RunState.Blocked or RunState.Conflict or RunState.Failed);
        return new ParallelRunResult(final, failed || ct.IsCancellationRequested ? ExitCodes.Failure : ExitCodes.Ok);
    }

    /// <summary>Off a terminal: one line whenever a worker's state or unit changes, so a log shows the run unfold.</summary>
    private static async Task PrintProgressAsync(Action<string> line, Task run, Func<ParallelStatusReport> read)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            var done = run.IsCompleted;
            foreach (var w in read().Workers)
            {
                var key = $"{w.State} {w.CurrentUnit?.Id}";
                if (seen.GetValueOrDefault(w.MilestoneId) == key)
                {
                    continue;
                }
                seen[w.MilestoneId] = key;
                var unit = w.CurrentUnit is { } u ? $"{u.Type} {u.Id}" : "-";
                line(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{DateTimeOffset.Now:HH:mm:ss} {w.MilestoneId,-5} {w.State,-9} {unit,-30} slices {w.Progress.SlicesDone}/{w.Progress.SlicesTotal}, tasks {w.Progress.TasksDone}/{w.Progress.TasksTotal}, {(w.CostUnknown == true && w.Cost == 0 ? "cost unknown" : $"${w.Cost:0.00}{(w.CostUnknown == true ? "+?" : "")}")}"));
            }
            if (done)
            {
                return;
            }
            await Task.WhenAny(run, Task.Delay(250, CancellationToken.None)).ConfigureAwait(false);
        }
    }
}

/// <summary>How a foreground run ended: the coordinator's final record and the exit code to return.</summary>
internal sealed record ParallelRunResult(CoordinatorState Final, int ExitCode);
