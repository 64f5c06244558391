using System.CommandLine;
using Spectre.Console;
using Gsd.Git;
using Gsd.Planning;

namespace Gsd.Cli;

/// <summary><c>gsd milestone new "Title" [--depends-on M001,M002]</c>, <c>park MID [--reason]</c>, <c>unpark MID</c>, <c>discard MID</c>.</summary>
internal static class MilestoneCommand
{
    public static Command Create()
    {
        var command = new Command("milestone", "Manage milestones");
        var create = new Command("new", "Create the next milestone directory with a CONTEXT file");
        var title = new Argument<string>("title") { Description = "The milestone's title" };
        var depends = new Option<string[]>("--depends-on")
        {
            Description = "Milestones this one waits for, comma-separated (M001,M002)",
            AllowMultipleArgumentsPerToken = true,
        };
        create.Arguments.Add(title);
        create.Options.Add(depends);
        GsdCli.SetHandler(create, (ctx, _) =>
        {
            var deps = (ctx.Parse.GetValue(depends) ?? [])
                .SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            var id = MilestoneCreator.Create(ctx.ProjectRoot, ctx.Parse.GetValue(title) ?? string.Empty, deps);
            ctx.Out.WriteLine($"created .gsd/milestones/{id}/{id}-CONTEXT.md");
            return Task.FromResult(ExitCodes.Ok);
        });
        command.Subcommands.Add(create);
        command.Subcommands.Add(Park());
        command.Subcommands.Add(Unpark());
        command.Subcommands.Add(Discard());
        return command;
    }

    private static Argument<string> MilestoneArgument() => new("MID") { Description = "The milestone's id (M001)" };

    private static Command Park()
    {
        var park = new Command("park", "Set a milestone aside: gsd auto, queue and parallel start skip it until it is unparked (writes M###-PARKED.md)");
        var mid = MilestoneArgument();
        var reason = new Option<string?>("--reason") { Description = "Why it is parked (kept in M###-PARKED.md)" };
        park.Arguments.Add(mid);
        park.Options.Add(reason);
        GsdCli.SetHandler(park, (ctx, _) =>
        {
            var result = MilestoneParking.Park(ctx.ProjectRoot, ctx.Parse.GetValue(mid) ?? string.Empty, ctx.Parse.GetValue(reason), DateTimeOffset.UtcNow);
            ctx.Out.WriteLine(result.Message);
            return Task.FromResult(ExitCodes.Ok);
        });
        return park;
    }

    private static Command Unpark()
    {
        var unpark = new Command("unpark", "Bring a parked milestone back into the queue (removes M###-PARKED.md)");
        var mid = MilestoneArgument();
        unpark.Arguments.Add(mid);
        GsdCli.SetHandler(unpark, (ctx, _) =>
        {
            ctx.Out.WriteLine(MilestoneParking.Unpark(ctx.ProjectRoot, ctx.Parse.GetValue(mid) ?? string.Empty).Message);
            return Task.FromResult(ExitCodes.Ok);
        });
        return unpark;
    }

    private static Command Discard()
    {
        var discard = new Command("discard", "Delete a milestone that was never started (refuses one with work on its branch or a worktree)");
        var mid = MilestoneArgument();
        discard.Arguments.Add(mid);
        GsdCli.SetHandler(discard, async (ctx, ct) =>
        {
            var id = ctx.Parse.GetValue(mid) ?? string.Empty;
            var work = await MilestoneWork.FindAsync(ctx.ProjectRoot, id, ct).ConfigureAwait(false);
            ctx.Out.WriteLine(MilestoneParking.Discard(ctx.ProjectRoot, id, work).Message);
            return ExitCodes.Ok;
        });
        return discard;
    }
}
