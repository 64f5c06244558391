using System.CommandLine;
using System.Text.Json;
using Gsd.Agents;
using Gsd.Parallel;
using Gsd.Planning;
using Gsd.Preferences;
using Gsd.Rendering;
using Spectre.Console;

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
        return (root, prefs, new ParallelPaths(root));
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
            var (root, prefs, paths) = Open(ctx);
            var asJson = ctx.Parse.GetValue(json);
            var starter = new ParallelStarter(paths, prefs.Preferences, TimeProvider.System);
            var plan = starter.Plan();
            if (!asJson)
            {
                ParallelRenderer.RenderEligibility(ctx.Out, plan.Report);
            }
            if (plan.ActiveCoordinatorPid is { } pid)
            {
                var message = $"A parallel run is already active (coordinator pid {pid}); it starts eligible milestones as slots free. See `gsd parallel status`.";
                if (asJson)
                {
                    WriteJson(new StartReport(plan.Report.Eligible.Select(e => e.Id).ToList(), plan.Report.Ineligible, plan.Report.Overlaps, [], message));
                }
                else
                {
                    ctx.Out.WriteLine(message);
                }
                return ExitCodes.Failure;
            }
            if (plan.ToStart.Count == 0)
            {
                var message = "No eligible milestones. Run `gsd queue` to see what each milestone waits for.";
                if (asJson)
                {
                    WriteJson(new StartReport([], plan.Report.Ineligible, plan.Report.Overlaps, [], message));
                }
                else
                {
                    ctx.Out.WriteLine(message);
                }
                return ExitCodes.Failure;
            }
            if (!ctx.Parse.GetValue(yes) && !asJson && CommandContext.StdOutIsTerminal && !Console.IsInputRedirected
                && !await ctx.Out.ConfirmAsync($"Start {string.Join(", ", plan.ToStart)} ({plan.ToStart.Count} worker(s), agent {prefs.Preferences.Agent.Kind})?", true, ct).ConfigureAwait(false))
            {
                ctx.Out.WriteLine("Nothing started.");
                return ExitCodes.Ok;
            }
            if (ctx.Parse.GetValue(foreground))
            {
                return await ForegroundRun.RunAsync(ctx, paths, prefs.Preferences, plan.ToStart, ct).ConfigureAwait(false);
            }
            var started = await starter.StartInBackgroundAsync(plan.ToStart, ct).ConfigureAwait(false);
            if (asJson)
            {
                WriteJson(new StartReport(plan.Report.Eligible.Select(e => e.Id).ToList(), plan.Report.Ineligible, plan.Report.Overlaps, started.Where(s => s.Started).Select(s => s.MilestoneId).ToList(), null)
                {
                    Failed = started.Where(s => !s.Started).ToList(),
                });
            }
            else
            {
                ParallelRenderer.RenderStarted(ctx.Out, started);
            }
            _ = root;
            return started.Any(s => s.Started) ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }

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
            GsdCli.GracefulStop = ctx.Parse.GetValue(watch);
            if (ctx.Parse.GetValue(json))
            {
                do
                {
                    Console.Out.WriteLine(JsonSerializer.Serialize(Read(), RenderingJsonContext.Default.ParallelStatusReport));
                    if (!ctx.Parse.GetValue(watch))
                    {
                        break;
                    }
                    await Task.Delay(1000, ct).ConfigureAwait(false);
                }
                while (!ct.IsCancellationRequested);
                return ExitCodes.Ok;
            }
            if (ctx.Parse.GetValue(watch) && CommandContext.StdOutIsTerminal)
            {
                await ctx.Out.Live(ParallelRenderer.Dashboard(Read())).StartAsync(async live =>
                {
                    while (!ct.IsCancellationRequested)
                    {
                        live.UpdateTarget(ParallelRenderer.Dashboard(Read()));
                        try
                        {
                            await Task.Delay(1000, ct).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException)
                        {
                            break;
                        }
                    }
                }).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            do
            {
                ctx.Out.Write(ParallelRenderer.Dashboard(Read()));
                if (!ctx.Parse.GetValue(watch))
                {
                    break;
                }
                await Task.Delay(1000, ct).ConfigureAwait(false);
            }
            while (!ct.IsCancellationRequested);
            return ExitCodes.Ok;
        });
        return command;
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
            var coordinator = ParallelStarter.CreateCoordinator(paths, prefs, TimeProvider.System, e => Console.Out.WriteLine($"{e.Time:HH:mm:ss} {e.Event} {e.MilestoneId} {e.Message}"));
            GsdCli.GracefulStop = true;
            await coordinator.RunAsync(initial, ct).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static void WriteJson<T>(T value)
    {
        var info = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)RenderingJsonContext.Default.GetTypeInfo(typeof(T))!;
        Console.Out.WriteLine(JsonSerializer.Serialize(value, info));
    }

    internal static string SelfDescription => string.Join(' ', SelfCommand.Argv());
}
