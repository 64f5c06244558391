using System.CommandLine;
using Gsd.Auto;
using Gsd.IO;
using Gsd.Planning;
using Gsd.Rendering;

namespace Gsd.Cli;

/// <summary><c>gsd queue [--json]</c>: every milestone in queue order, its run state (who holds it), what blocked ones wait for, and problems.</summary>
internal sealed class QueueCommand : GsdCommand<QueueCommand.Settings>
{
    private readonly Option<bool> _json = JsonOption.Create();

    internal sealed record Settings(bool Json);

    protected override Command Declare() =>
        new("queue", "Show every milestone in queue order with status, dependencies and progress") { Options = { _json } };

    protected override Settings Bind(ParseResult parse) => new(parse.GetValue(_json));

    protected override async Task<int> RunAsync(CommandContext ctx, Settings settings, CancellationToken ct)
    {
        OneShotHeap.HoldCollections();
        var ownership = new MilestoneOwnership(ctx.ProjectRoot);
        var shared = ownership.LoadAsync(ct); // its git process runs while the planning files load
        var project = PlanningLoader.Load(ctx.ProjectRoot);
        await shared.ConfigureAwait(false);
        var owners = await ownership.AllAsync(project, ct).ConfigureAwait(false);
        if (settings.Json)
        {
            ctx.Console.Out.WriteLine(JsonOutput.Serialize(QueueReport.From(project, owners), RenderingJsonContext.Default.QueueReport));
        }
        else
        {
            QueueRenderer.Render(ctx.Out, project, owners);
        }
        return ExitCodes.Ok;
    }
}
