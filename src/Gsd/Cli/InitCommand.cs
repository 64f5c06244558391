using System.CommandLine;
using Spectre.Console;
using Gsd.Git;
using Gsd.Planning;

namespace Gsd.Cli;

/// <summary><c>gsd init</c>: creates .gsd/ — idempotent, adds only what is missing, overwrites nothing.</summary>
internal sealed class InitCommand : GsdCommand<InitCommand.Settings>
{
    internal sealed record Settings;

    protected override Command Declare() =>
        new("init", "Create .gsd/ (preferences, .gitignore for runtime files, milestones/) here; on an existing .gsd/ add only what is missing");

    protected override Settings Bind(ParseResult parse) => new();

    protected override async Task<int> RunAsync(CommandContext ctx, Settings settings, CancellationToken ct)
    {
        // Outside a git working tree (or in a bare repository) nothing is created: gsd cannot work there.
        await CheckoutProbe.RequireWorkTreeForInitAsync(ctx.WorkingDirectory, ct).ConfigureAwait(false);
        // init works in the given directory itself, not a parent project: that is where the user asked for it.
        Render(ctx, ProjectInitializer.Initialize(ctx.WorkingDirectory));
        return ExitCodes.Ok;
    }

    private static void Render(CommandContext ctx, InitResult result)
    {
        foreach (var created in result.Created)
        {
            ctx.Out.WriteLine($"created {created}");
        }
        foreach (var updated in result.Updated)
        {
            ctx.Out.WriteLine($"updated {updated}");
        }
        ctx.Out.WriteLine(result.Created.Count + result.Updated.Count == 0
            ? $"{Path.Combine(ctx.WorkingDirectory, ".gsd")} is already initialised; nothing to do."
            : "Next: `gsd milestone new \"Title\"` to plan a milestone, `gsd queue` to see them all.");
    }
}
