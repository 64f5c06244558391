using System.CommandLine;
using Spectre.Console;
using Gsd.Merge;
using Gsd.Git;
using Gsd.Parallel;
using Gsd.Preferences;
using Gsd.Rendering;

namespace Gsd.Cli;

/// <summary>
/// <c>gsd parallel start [--yes] [--json] [--foreground]</c>: shows which milestones can run, then starts up to
/// parallel.max_workers workers and a background coordinator — or, with --foreground, runs the coordinator here.
/// </summary>
internal sealed class ParallelStartCommand : GsdCommand<ParallelStartCommand.Settings>
{
    private readonly Option<bool> _json = JsonOption.Create();
    private readonly Option<bool> _yes = new("--yes", "-y") { Description = "Do not ask for confirmation" };
    private readonly Option<bool> _foreground = new("--foreground") { Description = "Stay attached with a live dashboard instead of returning" };

    internal sealed record Settings(bool Json, bool Yes, bool Foreground);

    protected override Command Declare() =>
        new("start", "Show which milestones can run, then start up to parallel.max_workers workers and a background coordinator")
        {
            Options = { _json, _yes, _foreground },
        };

    protected override Settings Bind(ParseResult parse) => new(parse.GetValue(_json), parse.GetValue(_yes), parse.GetValue(_foreground));

    // Attached, Ctrl-C ends the run cleanly (and stops its workers: the user was attached to it).
    protected override bool StopsGracefully(Settings settings) => settings.Foreground;

    protected override async Task<int> RunAsync(CommandContext ctx, Settings settings, CancellationToken ct)
    {
        var project = ParallelProject.Open(ctx);
        var starter = new ParallelStarter(project.Paths, project.Preferences, TimeProvider.System);
        var plan = starter.Plan();
        if (!settings.Json)
        {
            ParallelRenderer.RenderEligibility(ctx.Out, plan.Report);
        }
        if (plan.ActiveCoordinatorPid is { } pid)
        {
            return Refuse(ctx, settings, plan, AlreadyActive(pid));
        }
        if (!plan.HasWork)
        {
            return Refuse(ctx, settings, plan, StartPlan.NoWorkMessage);
        }
        await CheckoutProbe.RequireIntegrationBranchAsync(project.Root, project.Preferences.Git.MainBranch, ct).ConfigureAwait(false);
        if (plan.ToStart.Count > 0)
        {
            // Before any worktree or process: an agent that cannot start is a configuration error (exit 2), not N workers in error.
            AgentPreflight.Check(project.Prefs, project.Root);
        }
        if (plan.ToMerge.Count > 0 && !settings.Json)
        {
            ctx.Out.WriteLine($"The last coordinator crashed; merging what completed meanwhile (auto_merge: auto): {string.Join(", ", plan.ToMerge)}.");
        }
        if (plan.ToAdopt.Count > 0 && !settings.Json)
        {
            ctx.Out.WriteLine($"Adopting {plan.ToAdopt.Count} live worker(s) whose coordinator is gone: {string.Join(", ", plan.ToAdopt.Select(s => $"{s.MilestoneId} (pid {s.Pid})"))}.");
        }
        if (!await ConfirmAsync(ctx, settings, plan, project.Preferences, ct).ConfigureAwait(false))
        {
            ctx.Out.WriteLine("Nothing started.");
            return ExitCodes.Ok;
        }
        if (settings.Foreground)
        {
            return await ForegroundWithConfirmAsync(ctx, project, plan.ToStart, ct).ConfigureAwait(false);
        }
        var outcome = await starter.StartInBackgroundAsync(plan, ct).ConfigureAwait(false);
        if (outcome.OtherCoordinatorPid is { } other)
        {
            return Refuse(ctx, settings, plan, AlreadyActive(other));
        }
        // Nothing alive after the launch is a failure, not a run (ARCHITECTURE §6): say why.
        var nothing = outcome.NothingRunning();
        await RenderAsync(ctx, settings, plan, nothing is null || outcome.Error is not null ? outcome : outcome with { Error = nothing }).ConfigureAwait(false);
        return nothing is null && outcome.Workers.Count > 0 ? ExitCodes.Ok : ExitCodes.Failure;
    }

    /// <summary>Asks on a terminal before starting workers; --yes, --json or no terminal to answer on: go ahead.</summary>
    private static async Task<bool> ConfirmAsync(CommandContext ctx, Settings settings, StartPlan plan, GsdPreferences prefs, CancellationToken ct) =>
        plan.ToStart.Count == 0 || settings.Yes || settings.Json || !ctx.Console.OutIsTerminal || !ctx.Console.InIsTerminal
        || await ctx.Out.ConfirmAsync($"Start {string.Join(", ", plan.ToStart)} ({plan.ToStart.Count} worker(s), agent {prefs.Agent.Kind})?", true, ct).ConfigureAwait(false);

    /// <summary>Nothing started: the reason, as text or as the JSON report; exit 1.</summary>
    private static int Refuse(CommandContext ctx, Settings settings, StartPlan plan, string message)
    {
        if (settings.Json)
        {
            ctx.WriteJson(StartReport.Refused(plan, message));
        }
        else
        {
            ctx.Out.WriteLine(message);
        }
        return ExitCodes.Failure;
    }

    private static async Task RenderAsync(CommandContext ctx, Settings settings, StartPlan plan, StartOutcome outcome)
    {
        var started = outcome.Workers;
        if (settings.Json)
        {
            ctx.WriteJson(StartReport.From(plan, outcome));
            return;
        }
        if (started.Count > 0)
        {
            ParallelRenderer.RenderStarted(ctx.Out, started);
        }
        if (outcome.StillStarting is { Count: > 0 } starting)
        {
            ctx.Out.WriteLine($"Starting: {string.Join(", ", starting)}; the coordinator (pid {outcome.CoordinatorPid}) runs in the background. Watch with `gsd parallel status --watch`.");
        }
        if (outcome.Error is not null)
        {
            await ctx.Console.Error.WriteLineAsync($"gsd: {outcome.Error}").ConfigureAwait(false);
        }
    }

    private static string AlreadyActive(int pid) => StartPlan.AlreadyActiveMessage(pid);

    /// <summary>
    /// Under auto_merge: confirm on a terminal the dashboard asks, when the run ends, whether to merge what completed; a
    /// merge that unblocks milestones starts the next round, so the whole graph can run attached.
    /// </summary>
    private static async Task<int> ForegroundWithConfirmAsync(CommandContext ctx, ParallelProject project, IReadOnlyList<string> toStart, CancellationToken ct)
    {
        var (paths, prefs) = (project.Paths, project.Preferences);
        var result = await ForegroundRun.RunAsync(ctx, paths, prefs, toStart, ct).ConfigureAwait(false);
        var ask = prefs.Parallel.AutoMerge == AutoMerge.Confirm && ctx.Console.OutIsTerminal && ctx.Console.InIsTerminal;
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
            if (merged.All(r => r.Outcome != MergeOutcome.Merged) || next.ToStart.Count == 0)
            {
                return merged.All(r => r.Outcome == MergeOutcome.Merged) ? result.ExitCode : ExitCodes.Failure;
            }
            ctx.Out.WriteLine($"The merge unblocked {string.Join(", ", next.ToStart)}; starting them.");
            result = await ForegroundRun.RunAsync(ctx, paths, prefs, next.ToStart, ct).ConfigureAwait(false);
        }
        return result.ExitCode;
    }
}
