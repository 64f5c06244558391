using System.CommandLine;
using Gsd.Agents;

namespace Gsd.Cli;

/// <summary>Hidden <c>gsd sim-agent</c>: the simulated agent, run by the worker as a child process when agent.kind is sim.</summary>
internal static class SimAgentCommand
{
    public static Command Create()
    {
        var command = new Command("sim-agent", "Simulated agent used by agent.kind: sim (demo, tests)") { Hidden = true };
        var delay = new Option<string>("--delay") { Description = "Time each unit takes, e.g. 2s", DefaultValueFactory = _ => "0s" };
        var slices = new Option<int>("--slices") { DefaultValueFactory = _ => 2 };
        var tasks = new Option<int>("--tasks") { DefaultValueFactory = _ => 2 };
        var cost = new Option<decimal>("--cost") { DefaultValueFactory = _ => 0.01m };
        command.Options.Add(delay);
        command.Options.Add(slices);
        command.Options.Add(tasks);
        command.Options.Add(cost);
        command.SetAction(parse =>
        {
            var rawDelay = parse.GetValue(delay) ?? "0s";
            if (!Preferences.DurationText.TryParse(rawDelay, out var d))
            {
                Console.Error.WriteLine($"sim-agent: --delay {rawDelay} is not a duration (e.g. 500ms, 2s, 1m).");
                return ExitCodes.Usage;
            }
            // Drain the prompt so the worker's stdin write never blocks on a full pipe.
            _ = Console.In.ReadToEnd();
            return SimAgent.Run(new SimAgentOptions(d, parse.GetValue(slices), parse.GetValue(tasks), parse.GetValue(cost)), Console.Out);
        });
        return command;
    }
}
