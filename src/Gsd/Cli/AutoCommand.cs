using System.CommandLine;
using Gsd.Auto;
using Gsd.Layout;
using Gsd.Preferences;
using Gsd.Protocol;
using Gsd.Rendering;

namespace Gsd.Cli;

/// <summary>
/// <c>gsd auto [MID] [--json]</c>: the worker. Solo, it works MID or the first eligible milestone no other worker owns in
/// the current checkout; as a parallel worker the coordinator sets GSD_MILESTONE_LOCK, GSD_PARALLEL_WORKER=1 and GSD_PROJECT_ROOT.
/// </summary>
internal sealed class AutoCommand : GsdCommand<AutoCommand.Settings>
{
    private readonly Option<bool> _json = JsonOption.Create();
    private readonly MilestoneArgument _milestone = new("The milestone to work (default: the first eligible one no other worker owns); refused while another worker owns it");

    /// <param name="ProjectRoot">GSD_PROJECT_ROOT: the main project, when the worker runs in a milestone worktree.</param>
    /// <param name="MilestoneLock">MID, else GSD_MILESTONE_LOCK: the one milestone to work (checked by the worker, which names it).</param>
    /// <param name="RunId">GSD_RUN_ID: the coordinator's run, so the worker hears only that run's signals and uses its preferences.</param>
    /// <param name="FreshCheckout">GSD_FRESH_CHECKOUT=1: the coordinator has just checked the worktree out, so there is no interrupted work to look for.</param>
    internal sealed record Settings(bool Json, bool ParallelWorker, string? ProjectRoot, string? MilestoneLock, string? RunId = null, bool FreshCheckout = false);

    protected override Command Declare() =>
        new("auto", "Drive the next milestone (or MID, or GSD_MILESTONE_LOCK) through its units with the configured agent until it is complete")
        {
            Arguments = { _milestone.Argument },
            Options = { _json },
        };

    protected override Settings Bind(ParseResult parse) => new(
        parse.GetValue(_json),
        Environment.GetEnvironmentVariable("GSD_PARALLEL_WORKER") == "1",
        Environment.GetEnvironmentVariable("GSD_PROJECT_ROOT") is { Length: > 0 } root ? Path.GetFullPath(root) : null,
        _milestone.Read(parse) ?? (Environment.GetEnvironmentVariable("GSD_MILESTONE_LOCK") is { Length: > 0 } locked ? locked : null),
        Environment.GetEnvironmentVariable("GSD_RUN_ID") is { Length: > 0 } run ? run : null,
        Environment.GetEnvironmentVariable("GSD_FRESH_CHECKOUT") == "1");

    // SIGTERM (from `gsd parallel stop` or the coordinator) and Ctrl-C cancel the token: the agent's process group is
    // stopped, the unit ends as interrupted, its work is saved and the worker writes state `stopped` before exiting.
    protected override bool StopsGracefully(Settings settings) => true;

    protected override async Task<int> RunAsync(CommandContext ctx, Settings settings, CancellationToken ct)
    {
        var checkout = ctx.ProjectRoot;
        var recorded = RecordedPreferences(settings);
        var prefs = recorded is null
            ? PreferencesOutput.Load(checkout, ctx.Console.Error)
            : PreferencesOutput.Warn(PreferencesLoader.FromTexts(recorded.Files.Select(f => new PreferenceFileText(f.Path, f.Path, f.Text)).ToList()), ctx.Console.Error);
        var options = new AutoOptions(settings.ProjectRoot ?? checkout, checkout, settings.MilestoneLock, settings.ParallelWorker, Timings.FromEnvironment())
        {
            Warnings = ctx.Console.Error,
            RunId = settings.ParallelWorker ? settings.RunId : null,
            FreshCheckout = settings.ParallelWorker && settings.FreshCheckout,
            // Agent errors name the file the user edits: the project root's, where the run took its preferences from.
            AgentPreferencesFile = recorded is null ? null
                : prefs.Locations.GetValueOrDefault("agent.command") ?? prefs.Locations.GetValueOrDefault("agent.kind") ?? (recorded.Files.Count > 0 ? recorded.Files[^1].Path : null),
        };
        using var renderer = AutoRenderer.Create(ctx.Console.Out, settings.Json, ctx.Console.OutIsTerminal);
        var loop = new WorkerLoop(options, prefs.Preferences, TimeProvider.System, renderer.Report);
        var outcome = await loop.RunAsync(ct).ConfigureAwait(false);
        return outcome.ExitCode;
    }

    /// <summary>A worker of a parallel run uses the preferences its run recorded from the project root (ARCHITECTURE §6), not its branch's.</summary>
    private static RunPreferences? RecordedPreferences(Settings settings) =>
        settings is { ParallelWorker: true, RunId: { } run, ProjectRoot: { } root }
        && RunPreferencesStore.TryRead(new ParallelPaths(root)) is { } recorded && recorded.RunId == run
            ? recorded
            : null;
}
