using System.CommandLine;
using Spectre.Console;
using Gsd.Layout;
using Gsd.Parallel;
using Gsd.Protocol;
using Gsd.Rendering;

namespace Gsd.Cli;

/// <summary>
/// <c>gsd parallel stop|pause|resume [MID] [--json]</c>: one signal to one worker or all. The three differ only in the
/// signal they send, so they are one class with one instance each.
/// </summary>
internal sealed class ParallelSignalCommand : GsdCommand<ParallelSignalCommand.Settings>
{
    private readonly string _name;
    private readonly string _signal;
    private readonly string _description;
    private readonly MilestoneArgument _milestone = new("One milestone (default: every worker)");
    private readonly Option<bool> _json = JsonOption.Create();

    private ParallelSignalCommand(string name, string signal, string description)
    {
        _name = name;
        _signal = signal;
        _description = description;
    }

    /// <param name="MilestoneId">Null: every worker.</param>
    internal sealed record Settings(string? MilestoneId, bool Json);

    public static ParallelSignalCommand Stop() =>
        new("stop", Signals.Stop, "Stop one worker or all (signal, SIGTERM, then SIGKILL after a grace period)");

    public static ParallelSignalCommand Pause() =>
        new("pause", Signals.Pause, "Pause one worker or all: each finishes its current unit, then waits");

    public static ParallelSignalCommand Resume() =>
        new("resume", Signals.Resume, "Resume paused workers");

    protected override Command Declare() => new(_name, _description) { Arguments = { _milestone.Argument }, Options = { _json } };

    protected override Settings Bind(ParseResult parse) => new(_milestone.Read(parse), parse.GetValue(_json));

    protected override Task<int> RunAsync(CommandContext ctx, Settings settings, CancellationToken ct)
    {
        var project = ParallelProject.Open(ctx);
        if (settings.MilestoneId is { } id && !Directory.Exists(GsdPaths.MilestoneDirectory(project.Root, id)) && !File.Exists(project.Paths.StatusFile(id)))
        {
            // A typo must not read as "nothing to do" (exit 0).
            throw new GsdException($"no milestone {id}: there is no .gsd/milestones/{id}/ and no worker for it in .gsd/parallel/. `gsd parallel status` lists the workers.", ExitCodes.Usage);
        }
        var results = new ParallelController(project.Paths, TimeProvider.System).Send(_signal, settings.MilestoneId);
        if (settings.Json)
        {
            ctx.WriteJson(new ControlReport(results));
        }
        else
        {
            foreach (var r in results)
            {
                ctx.Out.WriteLine(r.Message);
            }
        }
        return Task.FromResult(ExitCodes.Ok);
    }
}
