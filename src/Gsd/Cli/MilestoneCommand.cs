using System.CommandLine;
using Spectre.Console;
using Gsd.Planning;

namespace Gsd.Cli;

/// <summary><c>gsd milestone new "Title" [--depends-on M001,M002]</c>.</summary>
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
        return command;
    }
}
