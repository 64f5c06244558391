using System.CommandLine;
using Spectre.Console;
using Gsd.Planning;

namespace Gsd.Cli;

/// <summary><c>gsd milestone new "Title" [--depends-on M001,M002]</c>.</summary>
internal sealed class MilestoneNewCommand : GsdCommand<MilestoneNewCommand.Settings>
{
    private readonly Argument<string> _title = new("title") { Description = "The milestone's title" };
    private readonly Option<string[]> _dependsOn = new("--depends-on")
    {
        Description = "Milestones this one waits for, comma-separated (M001,M002)",
        AllowMultipleArgumentsPerToken = true,
    };

    internal sealed record Settings(string Title, IReadOnlyList<string> DependsOn);

    protected override Command Declare() =>
        new("new", "Create the next milestone directory with a CONTEXT file") { Arguments = { _title }, Options = { _dependsOn } };

    // Dependency ids are checked by MilestoneCreator, which names the bad one and the file it would have gone into.
    protected override Settings Bind(ParseResult parse) => new(
        parse.GetValue(_title) ?? string.Empty,
        (parse.GetValue(_dependsOn) ?? [])
            .SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal)
            .ToList());

    protected override Task<int> RunAsync(CommandContext ctx, Settings settings, CancellationToken ct)
    {
        var id = MilestoneCreator.Create(ctx.ProjectRoot, settings.Title, settings.DependsOn);
        ctx.Out.WriteLine($"created .gsd/milestones/{id}/{id}-CONTEXT.md");
        return Task.FromResult(ExitCodes.Ok);
    }
}
