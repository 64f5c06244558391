using System.CommandLine;
using Gsd.Layout;
using Gsd.Parallel;
using Gsd.Preferences;
using Gsd.Rendering;

namespace Gsd.Cli;

/// <summary>Hidden <c>gsd parallel coordinator [--milestones M001,M002]</c>: the background coordinator process `start` launches.</summary>
internal sealed class ParallelCoordinatorCommand : GsdCommand<ParallelCoordinatorCommand.Settings>
{
    private readonly Option<string?> _milestones = new("--milestones") { Description = "Milestones to start first, comma-separated" };

    /// <param name="Initial">The milestones `start` chose; anything that is not a milestone id is left out.</param>
    internal sealed record Settings(IReadOnlyList<string> Initial);

    protected override Command Declare() =>
        new("coordinator", "Run the coordinator (started by `gsd parallel start`)") { Hidden = true, Options = { _milestones } };

    protected override Settings Bind(ParseResult parse) =>
        new((parse.GetValue(_milestones) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries).Where(MilestoneId.IsValid).ToList());

    // `gsd parallel stop` (SIGTERM) ends the run cleanly: the coordinator records why it ended.
    protected override bool StopsGracefully(Settings settings) => true;

    protected override async Task<int> RunAsync(CommandContext ctx, Settings settings, CancellationToken ct)
    {
        var root = MainProjectRoot.Find(ctx.WorkingDirectory);
        var prefs = PreferencesLoader.Load(root).Preferences;
        var paths = new ParallelPaths(root);
        var output = ctx.Console.Out;
        var coordinator = ParallelStarter.CreateCoordinator(paths, prefs, TimeProvider.System, e => output.WriteLine(ParallelRenderer.EventLine(e)), warnings: ctx.Console.Error);
        await coordinator.RunAsync(settings.Initial, ct).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
