using System.CommandLine;
using Gsd.Agents;
using Gsd.Preferences;

namespace Gsd.Cli;

/// <summary>
/// Hidden <c>gsd sim-agent</c>: the simulated agent, run by the worker as a child process when agent.kind is sim. Its
/// stdout is its protocol (one claude-shaped result line), so it gets the port's writers as they are.
/// </summary>
internal sealed class SimAgentCommand : GsdCommand<SimAgentCommand.Settings>
{
    private readonly Option<string> _delay = new("--delay") { Description = "Time each unit takes, e.g. 2s", DefaultValueFactory = _ => "0s" };
    private readonly Option<int> _slices = new("--slices") { DefaultValueFactory = _ => 2 };
    private readonly Option<int> _tasks = new("--tasks") { DefaultValueFactory = _ => 2 };
    private readonly Option<decimal> _cost = new("--cost") { DefaultValueFactory = _ => 0.01m };

    internal sealed record Settings(string Delay, int Slices, int Tasks, decimal Cost);

    protected override Command Declare() =>
        new("sim-agent", "Simulated agent used by agent.kind: sim (demo, tests)") { Hidden = true, Options = { _delay, _slices, _tasks, _cost } };

    protected override Settings Bind(ParseResult parse) =>
        new(parse.GetValue(_delay) ?? "0s", parse.GetValue(_slices), parse.GetValue(_tasks), parse.GetValue(_cost));

    protected override Task<int> RunAsync(CommandContext ctx, Settings settings, CancellationToken ct)
    {
        // Its errors speak as sim-agent, not gsd: the worker shows them as the agent's output.
        if (!DurationText.TryParse(settings.Delay, out var delay))
        {
            ctx.Console.Error.WriteLine($"sim-agent: --delay {settings.Delay} is not a duration (e.g. 500ms, 2s, 1m).");
            return Task.FromResult(ExitCodes.Usage);
        }
        // Drain the prompt so the worker's stdin write never blocks on a full pipe.
        _ = ctx.Console.In.ReadToEnd();
        return Task.FromResult(SimAgent.Run(new SimAgentOptions(delay, settings.Slices, settings.Tasks, settings.Cost), ctx.Console.Out, ctx.Console.Error));
    }
}
