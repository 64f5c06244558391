using System.CommandLine;
using Gsd.IO;
using Gsd.Planning;
using Gsd.Rendering;

namespace Gsd.Cli;

/// <summary><c>gsd queue [--json]</c>: every milestone in queue order, what blocked ones wait for, and problems.</summary>
internal static class QueueCommand
{
    public static Command Create()
    {
        var command = new Command("queue", "Show every milestone in queue order with status, dependencies and progress");
        var json = JsonOption.Create();
        command.Options.Add(json);
        GsdCli.SetHandler(command, (ctx, _) =>
        {
            var project = PlanningLoader.Load(ctx.ProjectRoot);
            if (ctx.Parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonOutput.Serialize(QueueReport.From(project), RenderingJsonContext.Default.QueueReport));
            }
            else
            {
                QueueRenderer.Render(ctx.Out, project);
            }
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}
