using System.CommandLine;
using Spectre.Console;
using Gsd.Dashboard;
using Gsd.Demo;
using Gsd.Layout;
using Gsd.Parallel;
using Gsd.Planning;
using Gsd.Preferences;
using Gsd.Protocol;
using Gsd.Rendering;

namespace Gsd.Cli;

/// <summary>
/// <c>gsd demo [DIR]</c>: a scratch repository with a small app and five planned milestones, parallel mode on with the
/// simulated agent, run in the foreground with the live dashboard — the whole flow in well under a minute.
/// </summary>
internal sealed class DemoCommand : GsdCommand<DemoCommand.Settings>
{
    private readonly Argument<string?> _dir = new("DIR") { Description = "A new or empty directory for the scratch project (default: a new one under the temp folder)", Arity = ArgumentArity.ZeroOrOne };
    private readonly Option<string> _delay = new("--delay") { Description = "How long each simulated agent unit takes", DefaultValueFactory = _ => "700ms" };
    private readonly Option<bool> _dashboard = new("--dashboard") { Description = "Also serve the web dashboard of the run (printed as `Dashboard: URL`), until Ctrl-C" };
    private readonly Option<int> _port = new("--port") { Description = "With --dashboard: its TCP port (default 0: a free one)", DefaultValueFactory = _ => 0 };
    private readonly Option<bool> _open = new("--open") { Description = "With --dashboard: open it in the default browser (xdg-open)" };

    /// <param name="Directory">Null: a new directory under the temp folder.</param>
    /// <param name="Dashboard">Null: no web dashboard.</param>
    internal sealed record Settings(string? Directory, TimeSpan AgentDelay, DashboardOptions? Dashboard = null, bool Open = false);

    protected override Command Declare() =>
        new("demo", "Make a scratch project with five milestones and run them in parallel with a simulated agent (no model is called)")
        {
            Arguments = { _dir },
            Options = { _delay, _dashboard, _port, _open },
        };

    protected override Settings Bind(ParseResult parse)
    {
        var rawDelay = parse.GetValue(_delay) ?? "700ms";
        var dashboard = parse.GetValue(_dashboard)
            ? new DashboardOptions(DashboardOptions.DefaultHost, parse.GetValue(_port), DashboardOptions.NewToken()).Checked()
            : null;
        return DurationText.TryParse(rawDelay, out var agentDelay)
            ? new Settings(parse.GetValue(_dir), agentDelay, dashboard, parse.GetValue(_open))
            : throw new GsdException($"--delay {rawDelay}: not a duration (e.g. 300ms, 1s).", ExitCodes.Usage);
    }

    // The run is attached: Ctrl-C ends it cleanly and stops its workers.
    protected override bool StopsGracefully(Settings settings) => true;

    protected override async Task<int> RunAsync(CommandContext ctx, Settings settings, CancellationToken ct)
    {
        ctx.Console.WidenWhenRedirected();
        if (settings.Dashboard is not null)
        {
            DashboardHost.CheckAvailable();
        }
        var root = Path.GetFullPath(settings.Directory ?? DemoProject.DefaultDirectory(), ctx.WorkingDirectory);
        ctx.Out.WriteLine($"gsd demo: making a scratch project in {root}");
        ctx.Out.WriteLine("The agent is gsd's simulated one (agent.kind: sim): it writes the planned files itself; no model is called.");
        await DemoProject.CreateAsync(root, settings.AgentDelay, ct).ConfigureAwait(false);
        var prefs = PreferencesLoader.Load(root).Preferences;
        ParallelGate.Check(prefs);
        var paths = new ParallelPaths(root);
        if (settings.Dashboard is not { } options)
        {
            return await RunDemoAsync(ctx, root, prefs, paths, ct).ConfigureAwait(false);
        }
        var server = await DashboardHost.StartAsync(root, options, ctx.Console.Error, ct).ConfigureAwait(false);
        await using (server.ConfigureAwait(false))
        {
            await DashboardCommand.AnnounceAsync(ctx, server.Url, settings.Open).ConfigureAwait(false);
            var exitCode = await RunDemoAsync(ctx, root, prefs, paths, ct).ConfigureAwait(false);
            if (!ct.IsCancellationRequested)
            {
                ctx.Out.WriteLine();
                ctx.Out.WriteLine($"The dashboard still serves the finished run at {server.Url} until Ctrl-C.");
                await DashboardCommand.ServeUntilInterruptedAsync(ct).ConfigureAwait(false);
            }
            return exitCode;
        }
    }

    private static async Task<int> RunDemoAsync(CommandContext ctx, string root, GsdPreferences prefs, ParallelPaths paths, CancellationToken ct)
    {
        ctx.Out.WriteLine();
        ctx.Out.WriteLine("The milestones (`gsd queue`):");
        QueueRenderer.Render(ctx.Out, PlanningLoader.Load(root));
        ctx.Out.WriteLine();
        ctx.Out.WriteLine("`gsd parallel start --foreground` — which milestones may run at once:");
        var plan = new ParallelStarter(paths, prefs, TimeProvider.System).Plan();
        ParallelRenderer.RenderEligibility(ctx.Out, plan.Report);
        var result = await ForegroundRun.RunAsync(ctx, paths, prefs, plan.ToStart, ct, TimeSpan.FromMilliseconds(250)).ConfigureAwait(false);
        RenderAfterRun(ctx, root, result);
        return result.ExitCode;
    }

    /// <summary>
    /// With auto_merge: auto the coordinator has merged each milestone as it completed (which started M004, then M005);
    /// what is left is the account: what merged, anything that did not and why, and the final queue.
    /// </summary>
    private static void RenderAfterRun(CommandContext ctx, string root, ParallelRunResult result)
    {
        ctx.Out.WriteLine();
        foreach (var (id, run) in result.Final.Milestones.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            ctx.Out.WriteLine(run.State == RunState.Merged
                ? $"{id}: merged into main as {run.MergedCommit?[..Math.Min(8, run.MergedCommit.Length)]}"
                : $"{id}: {run.State.Name()}{(run.Error is null ? string.Empty : $" — {run.Error}")}");
        }
        ctx.Out.WriteLine();
        ctx.Out.WriteLine("The milestones now (`gsd queue`):");
        QueueRenderer.Render(ctx.Out, PlanningLoader.Load(root));
        ctx.Out.WriteLine();
        ctx.Out.WriteLine("Look around:");
        ctx.Out.WriteLine($"  cd {root}");
        ctx.Out.WriteLine("  gsd parallel status         # the run, from the files in .gsd/parallel/");
        ctx.Out.WriteLine("  git log --oneline --graph   # one squash commit per milestone on main");
        ctx.Out.WriteLine("  cat app/FEATURES.md         # two milestones edited it in parallel; both landed");
    }
}
