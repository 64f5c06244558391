using System.CommandLine;
using Spectre.Console;
using Gsd.Merge;
using Gsd.Preferences;
using Gsd.Rendering;

namespace Gsd.Cli;

/// <summary><c>gsd parallel merge [MID] [--yes] [--json]</c>: squash-merge completed milestones into their integration branch.</summary>
internal sealed class ParallelMergeCommand : GsdCommand<ParallelMergeCommand.Settings>
{
    private readonly MilestoneArgument _milestone = new("One milestone (default: every completed one, in id order)");
    private readonly Option<bool> _json = JsonOption.Create();
    private readonly Option<bool> _yes = new("--yes", "-y") { Description = "Do not ask for confirmation (auto_merge: confirm)" };

    /// <param name="MilestoneId">Null: every completed one.</param>
    internal sealed record Settings(string? MilestoneId, bool Json, bool Yes);

    protected override Command Declare() =>
        new("merge", "Squash-merge completed milestones (all, in id order, or one) into their integration branch")
        {
            Arguments = { _milestone.Argument },
            Options = { _json, _yes },
        };

    protected override Settings Bind(ParseResult parse) => new(_milestone.Read(parse), parse.GetValue(_json), parse.GetValue(_yes));

    protected override async Task<int> RunAsync(CommandContext ctx, Settings settings, CancellationToken ct)
    {
        var project = ParallelProject.Open(ctx);
        var runner = new MilestoneMerger(project.Paths, project.Preferences, TimeProvider.System);
        var ids = settings.MilestoneId is { } one ? [one] : await runner.CandidatesAsync(ct).ConfigureAwait(false);
        if (ids.Count == 0)
        {
            if (settings.Json)
            {
                ctx.WriteJson(new MergeReport([]));
            }
            else
            {
                ctx.Out.WriteLine("Nothing to merge: no milestone branch is complete and unmerged. See `gsd parallel status`.");
            }
            return ExitCodes.Ok;
        }
        // confirm asks on a terminal; manual and auto never ask (manual: the user already asked by running merge).
        if (project.Preferences.Parallel.AutoMerge == AutoMerge.Confirm && !settings.Yes && !settings.Json
            && ctx.Console.OutIsTerminal && ctx.Console.InIsTerminal
            && !await ctx.Out.ConfirmAsync($"Merge {string.Join(", ", ids)}?", true, ct).ConfigureAwait(false))
        {
            ctx.Out.WriteLine("Nothing merged.");
            return ExitCodes.Ok;
        }
        var results = await runner.MergeAllAsync(ids, ct).ConfigureAwait(false);
        if (settings.Json)
        {
            ctx.WriteJson(MergeReport.From(results));
        }
        else
        {
            MergeRenderer.Render(ctx.Out, results);
        }
        return runner.Succeeded(results, oneNamed: settings.MilestoneId is not null) ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
