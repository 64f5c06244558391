using System.CommandLine;
using Spectre.Console;
using Gsd.Git;
using Gsd.Layout;
using Gsd.Planning;

namespace Gsd.Cli;

/// <summary><c>gsd milestone park MID [--reason TEXT]</c>: writes M###-PARKED.md, so auto, queue and start skip it.</summary>
internal sealed class MilestoneParkCommand : GsdCommand<MilestoneParkCommand.Settings>
{
    private readonly Argument<string> _mid = new("MID") { Description = "The milestone's id (M001)" };
    private readonly Option<string?> _reason = new("--reason") { Description = "Why it is parked (kept in M###-PARKED.md)" };

    internal sealed record Settings(string MilestoneId, string? Reason);

    protected override Command Declare() =>
        new("park", "Set a milestone aside: gsd auto, queue and parallel start skip it until it is unparked (writes M###-PARKED.md)")
        {
            Arguments = { _mid },
            Options = { _reason },
        };

    protected override Settings Bind(ParseResult parse) => new(MilestoneId.Require(parse.GetValue(_mid) ?? string.Empty), parse.GetValue(_reason));

    protected override Task<int> RunAsync(CommandContext ctx, Settings settings, CancellationToken ct)
    {
        ctx.Out.WriteLine(MilestoneParking.Park(ctx.ProjectRoot, settings.MilestoneId, settings.Reason, DateTimeOffset.UtcNow).Message);
        return Task.FromResult(ExitCodes.Ok);
    }
}

/// <summary><c>gsd milestone unpark MID</c>: removes M###-PARKED.md.</summary>
internal sealed class MilestoneUnparkCommand : GsdCommand<MilestoneUnparkCommand.Settings>
{
    private readonly Argument<string> _mid = new("MID") { Description = "The milestone's id (M001)" };

    internal sealed record Settings(string MilestoneId);

    protected override Command Declare() =>
        new("unpark", "Bring a parked milestone back into the queue (removes M###-PARKED.md)") { Arguments = { _mid } };

    protected override Settings Bind(ParseResult parse) => new(MilestoneId.Require(parse.GetValue(_mid) ?? string.Empty));

    protected override Task<int> RunAsync(CommandContext ctx, Settings settings, CancellationToken ct)
    {
        ctx.Out.WriteLine(MilestoneParking.Unpark(ctx.ProjectRoot, settings.MilestoneId).Message);
        return Task.FromResult(ExitCodes.Ok);
    }
}

/// <summary><c>gsd milestone discard MID</c>: deletes a milestone never started; refuses one with work on a branch or worktree.</summary>
internal sealed class MilestoneDiscardCommand : GsdCommand<MilestoneDiscardCommand.Settings>
{
    private readonly Argument<string> _mid = new("MID") { Description = "The milestone's id (M001)" };

    internal sealed record Settings(string MilestoneId);

    protected override Command Declare() =>
        new("discard", "Delete a milestone that was never started (refuses one with work on its branch or a worktree)") { Arguments = { _mid } };

    protected override Settings Bind(ParseResult parse) => new(MilestoneId.Require(parse.GetValue(_mid) ?? string.Empty));

    protected override async Task<int> RunAsync(CommandContext ctx, Settings settings, CancellationToken ct)
    {
        var work = await MilestoneWork.FindAsync(ctx.ProjectRoot, settings.MilestoneId, ct).ConfigureAwait(false);
        ctx.Out.WriteLine(MilestoneParking.Discard(ctx.ProjectRoot, settings.MilestoneId, work).Message);
        return ExitCodes.Ok;
    }
}
