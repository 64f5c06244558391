using Gsd.Parallel;
using Gsd.Planning;
using Gsd.Preferences;
using Gsd.Rendering;
using Spectre.Console;

namespace Gsd.Cli;

/// <summary>`start --foreground`: the coordinator runs in this process with a live dashboard (plain periodic lines off a terminal).</summary>
internal static class ForegroundRun
{
    public static async Task<int> RunAsync(CommandContext ctx, ParallelPaths paths, GsdPreferences prefs, IReadOnlyList<string> toStart, CancellationToken ct)
    {
        GsdCli.GracefulStop = true;
        var live = CommandContext.StdOutIsTerminal;
        var coordinator = ParallelStarter.CreateCoordinator(paths, prefs, TimeProvider.System, live ? null : e => ctx.Out.WriteLine($"{e.Time:HH:mm:ss} {e.Event,-18} {e.MilestoneId,-5} {e.Message}"));
        ParallelStatusReport Read() => ParallelStatusReader.Read(paths, PlanningLoader.Load(paths.ProjectRoot), prefs.Parallel.BudgetCeiling, DateTimeOffset.UtcNow);
        var run = coordinator.RunAsync(toStart, ct);
        if (live)
        {
            await ctx.Out.Live(ParallelRenderer.Dashboard(Read())).StartAsync(async l =>
            {
                while (!run.IsCompleted)
                {
                    l.UpdateTarget(ParallelRenderer.Dashboard(Read()));
                    await Task.WhenAny(run, Task.Delay(500, CancellationToken.None)).ConfigureAwait(false);
                }
                l.UpdateTarget(ParallelRenderer.Dashboard(Read()));
            }).ConfigureAwait(false);
        }
        var final = await run.ConfigureAwait(false);
        if (!live)
        {
            ctx.Out.Write(ParallelRenderer.Dashboard(Read()));
        }
        ctx.Out.WriteLine($"Run {final.RunId} ended: {final.ExitReason}.");
        return final.Milestones.Values.Any(m => m.State is RunStates.Error or RunStates.Crashed or RunStates.Blocked or RunStates.Conflict or RunStates.Failed)
            ? ExitCodes.Failure
            : ExitCodes.Ok;
    }
}
