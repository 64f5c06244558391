using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Gsd.IO;
using Gsd.Layout;
using Gsd.Merge;
using Gsd.Parallel;
using Gsd.Planning;
using Gsd.Preferences;
using Gsd.Processes;
using Gsd.Protocol;
using Gsd.Rendering;

namespace Gsd.Cli;

/// <summary><c>gsd parallel start|status|stop|pause|resume|merge</c> (DESIGN §6-8).</summary>
internal static class ParallelCommand
{
    public static Command Create()
    {
        var command = new Command("parallel", "Run several milestones at once, each in its own worktree, branch and worker");
        command.Subcommands.Add(Start());
        command.Subcommands.Add(Status());
        command.Subcommands.Add(Control("stop", Signals.Stop, "Stop one worker or all (signal, SIGTERM, then SIGKILL after a grace period)"));
        command.Subcommands.Add(Control("pause", Signals.Pause, "Pause one worker or all: each finishes its current unit, then waits"));
        command.Subcommands.Add(Control("resume", Signals.Resume, "Resume paused workers"));
        command.Subcommands.Add(MergeCommand.Create());
        command.Subcommands.Add(CoordinatorRun());
        return command;
    }

    internal static (string Root, LoadedPreferences Prefs, ParallelPaths Paths) Open(CommandContext ctx)
    {
        // From inside a worktree, act on the main project (where .gsd/parallel/ lives).
        var root = MainProjectRoot.Find(ctx.WorkingDirectory);
        var prefs = PreferencesOutput.Load(root);
        ParallelGate.Check(prefs.Preferences);
        WidenWhenRedirected(ctx);
        return (root, prefs, new ParallelPaths(root));
    }

    /// <summary>Piped or logged output: whole lines (for grep and logs) beat text wrapped at the 80-column default.</summary>
    internal static void WidenWhenRedirected(CommandContext ctx)
    {
        if (!CommandContext.StdOutIsTerminal)
        {
            ctx.Out.Profile.Width = Math.Max(ctx.Out.Profile.Width, 1000);
        }
    }

    private static Command Start()
    {
        var command = new Command("start", "Show which milestones can run, then start up to parallel.max_workers workers and a background coordinator");
        var json = JsonOption.Create();
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation" };
        var foreground = new Option<bool>("--foreground") { Description = "Stay attached with a live dashboard instead of returning" };
        command.Options.Add(json);
        command.Options.Add(yes);
        command.Options.Add(foreground);
        GsdCli.SetHandler(command, async (ctx, ct) =>
        {
            var (_, prefs, paths) = Open(ctx);
            var asJson = ctx.Parse.GetValue(json);
            var starter = new ParallelStarter(paths, prefs.Preferences, TimeProvider.System);
            var plan = starter.Plan();
            var eligibleIds = plan.Report.Eligible.Select(e => e.Id).ToList();
            if (!asJson)
            {
                ParallelRenderer.RenderEligibility(ctx.Out, plan.Report);
            }
            int Refuse(string message)
            {
                if (asJson)
                {
                    WriteJson(new StartReport(eligibleIds, plan.Report.Ineligible, plan.Report.Overlaps, [], message));
                }
                else
                {
                    ctx.Out.WriteLine(message);
                }
                return ExitCodes.Failure;
            }
            if (plan.ActiveCoordinatorPid is { } pid)
            {
                return Refuse(AlreadyActive(pid));
            }
            if (!plan.HasWork)
            {
                return Refuse("No eligible milestones. Run `gsd queue` to see what each milestone waits for.");
            }
            if (plan.ToAdopt.Count > 0 && !asJson)
            {
                ctx.Out.WriteLine($"Adopting {plan.ToAdopt.Count} live worker(s) whose coordinator is gone: {string.Join(", ", plan.ToAdopt.Select(s => $"{s.MilestoneId} (pid {s.Pid})"))}.");
            }
            if (plan.ToStart.Count > 0 && !ctx.Parse.GetValue(yes) && !asJson && CommandContext.StdOutIsTerminal && !Console.IsInputRedirected
                && !await ctx.Out.ConfirmAsync($"Start {string.Join(", ", plan.ToStart)} ({plan.ToStart.Count} worker(s), agent {prefs.Preferences.Agent.Kind})?", true, ct).ConfigureAwait(false))
            {
                ctx.Out.WriteLine("Nothing started.");
                return ExitCodes.Ok;
            }
            if (ctx.Parse.GetValue(foreground))
            {
                return await ForegroundWithConfirmAsync(ctx, paths, prefs.Preferences, plan.ToStart, ct).ConfigureAwait(false);
            }
            var outcome = await starter.StartInBackgroundAsync(plan, ct).ConfigureAwait(false);
            if (outcome.OtherCoordinatorPid is { } other)
            {
                return Refuse(AlreadyActive(other));
            }
            var started = outcome.Workers;
            if (asJson)
            {
                WriteJson(new StartReport(eligibleIds, plan.Report.Ineligible, plan.Report.Overlaps, started.Where(s => s.Started && !s.Adopted).Select(s => s.MilestoneId).ToList(), outcome.Error)
                {
                    Adopted = started.Where(s => s.Started && s.Adopted).Select(s => s.MilestoneId).ToList(),
                    Failed = started.Where(s => !s.Started).ToList(),
                    Workers = started,
                });
            }
            else
            {
                if (started.Count > 0)
                {
                    ParallelRenderer.RenderStarted(ctx.Out, started);
                }
                if (outcome.Error is not null)
                {
                    await Console.Error.WriteLineAsync($"gsd: {outcome.Error}").ConfigureAwait(false);
                }
            }
            return started.Any(s => s.Started) ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }

    private static string AlreadyActive(int pid) =>
        $"A parallel run is already active (coordinator pid {pid}); it starts eligible milestones as slots free. See `gsd parallel status`.";

    private static Command Status()
    {
        var command = new Command("status", "Every worker's state, unit, progress, cost and heartbeat; total cost against the ceiling; what is ready to merge");
        var json = JsonOption.Create();
        var watch = new Option<bool>("--watch") { Description = "Refresh every second until interrupted" };
        command.Options.Add(json);
        command.Options.Add(watch);
        GsdCli.SetHandler(command, async (ctx, ct) =>
        {
            var (root, prefs, paths) = Open(ctx);
            ParallelStatusReport Read() =>
                ParallelStatusReader.Read(paths, PlanningLoader.Load(root), prefs.Preferences.Parallel.BudgetCeiling, DateTimeOffset.UtcNow);
            var watching = ctx.Parse.GetValue(watch);
            var asJson = ctx.Parse.GetValue(json);
            if (!watching)
            {
                if (asJson)
                {
                    WriteJson(Read());
                }
                else
                {
                    ctx.Out.Write(ParallelRenderer.Dashboard(Read()));
                }
                return ExitCodes.Ok;
            }
            // Ctrl-C (or SIGTERM) ends the watch normally.
            GsdCli.GracefulStop = true;
            if (!asJson && CommandContext.StdOutIsTerminal)
            {
                await ctx.Out.Live(ParallelRenderer.Dashboard(Read())).StartAsync(async live =>
                {
                    while (await Pause(ct).ConfigureAwait(false))
                    {
                        live.UpdateTarget(ParallelRenderer.Dashboard(Read()));
                    }
                }).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            do
            {
                if (asJson)
                {
                    // One compact document per line, so a watcher can read it as a stream.
                    Console.Out.WriteLine(Compact(JsonOutput.Serialize(Read(), RenderingJsonContext.Default.ParallelStatusReport)));
                }
                else
                {
                    ctx.Out.WriteLine($"--- {DateTimeOffset.Now:HH:mm:ss}");
                    ctx.Out.Write(ParallelRenderer.Dashboard(Read()));
                }
                await Console.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }
            while (await Pause(ct).ConfigureAwait(false));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Waits one refresh period; false when the watch was interrupted.</summary>
    private static async Task<bool> Pause(CancellationToken ct)
    {
        try
        {
            await Task.Delay(1000, ct).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static string Compact(string json)
    {
        using var doc = JsonDocument.Parse(json);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            doc.RootElement.WriteTo(writer);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static Command Control(string name, string signal, string description)
    {
        var command = new Command(name, description);
        var mid = new Argument<string?>("MID") { Description = "One milestone (default: every worker)", Arity = ArgumentArity.ZeroOrOne };
        var json = JsonOption.Create();
        command.Arguments.Add(mid);
        command.Options.Add(json);
        GsdCli.SetHandler(command, (ctx, _) =>
        {
            var (_, _, paths) = Open(ctx);
            var id = ctx.Parse.GetValue(mid);
            if (id is not null && !MilestoneId.IsValid(id))
            {
                throw new GsdException($"'{id}' is not a milestone id (M###).", ExitCodes.Usage);
            }
            var results = new ParallelController(paths, TimeProvider.System).Send(signal, id);
            if (ctx.Parse.GetValue(json))
            {
                WriteJson(new ControlReport(results));
            }
            else
            {
                foreach (var r in results)
                {
                    ctx.Out.WriteLine(r.Message);
                }
            }
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    /// <summary>Hidden: the background coordinator process `start` launches.</summary>
    private static Command CoordinatorRun()
    {
        var command = new Command("coordinator", "Run the coordinator (started by `gsd parallel start`)") { Hidden = true };
        var milestones = new Option<string?>("--milestones") { Description = "Milestones to start first, comma-separated" };
        command.Options.Add(milestones);
        GsdCli.SetHandler(command, async (ctx, ct) =>
        {
            var root = MainProjectRoot.Find(ctx.WorkingDirectory);
            var prefs = PreferencesLoader.Load(root).Preferences;
            var paths = new ParallelPaths(root);
            var initial = (ctx.Parse.GetValue(milestones) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries).Where(MilestoneId.IsValid).ToList();
            var coordinator = ParallelStarter.CreateCoordinator(paths, prefs, TimeProvider.System, e => Console.Out.WriteLine(ParallelRenderer.EventLine(e)));
            GsdCli.GracefulStop = true;
            await coordinator.RunAsync(initial, ct).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// `start --foreground`. Under auto_merge: confirm on a terminal the dashboard asks, when the run ends, whether to merge
    /// what completed; a merge that unblocks milestones starts the next round, so the whole graph can run attached.
    /// </summary>
    private static async Task<int> ForegroundWithConfirmAsync(CommandContext ctx, ParallelPaths paths, GsdPreferences prefs, IReadOnlyList<string> toStart, CancellationToken ct)
    {
        var result = await ForegroundRun.RunAsync(ctx, paths, prefs, toStart, ct).ConfigureAwait(false);
        var ask = prefs.Parallel.AutoMerge == AutoMerge.Confirm && CommandContext.StdOutIsTerminal && !Console.IsInputRedirected;
        while (ask && !ct.IsCancellationRequested)
        {
            var runner = new MilestoneMerger(paths, prefs, TimeProvider.System);
            var ready = await runner.CandidatesAsync(ct).ConfigureAwait(false);
            if (ready.Count == 0 || !await ctx.Out.ConfirmAsync($"Merge {string.Join(", ", ready)} into the integration branch?", true, ct).ConfigureAwait(false))
            {
                break;
            }
            var merged = await runner.MergeAllAsync(ready, ct).ConfigureAwait(false);
            MergeRenderer.Render(ctx.Out, merged);
            var next = new ParallelStarter(paths, prefs, TimeProvider.System).Plan();
            if (merged.All(r => r.Outcome != Merge.MergeOutcome.Merged) || next.ToStart.Count == 0)
            {
                return merged.All(r => r.Outcome == Merge.MergeOutcome.Merged) ? result.ExitCode : ExitCodes.Failure;
            }
            ctx.Out.WriteLine($"The merge unblocked {string.Join(", ", next.ToStart)}; starting them.");
            result = await ForegroundRun.RunAsync(ctx, paths, prefs, next.ToStart, ct).ConfigureAwait(false);
        }
        return result.ExitCode;
    }

    internal static void WriteJson<T>(T value)
    {
        var info = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)RenderingJsonContext.Default.GetTypeInfo(typeof(T))!;
        Console.Out.WriteLine(JsonOutput.Serialize(value, info));
    }

    internal static string SelfDescription => string.Join(' ', SelfCommand.Argv());
}
