using Gsd.Preferences;

namespace Gsd.Agents;

/// <summary>
/// Any program as the agent: argv from <c>agent.command</c> plus <c>agent.args</c>. When its stdout
/// (or the last non-empty line of it) is a JSON object in the claude shape, cost and tokens are read
/// from it. Also runs the built-in <c>sim</c> agent, which is a hidden gsd subcommand.
/// </summary>
public sealed class CommandAgent : ExecutableAgent
{
    /// <param name="kind">The kind reported and named in errors: "command", or "sim" for the built-in simulated agent.</param>
    public CommandAgent(AgentSettings settings, string kind = AgentKinds.Command, AgentProcess? process = null)
        : base(kind, settings, Program(settings), kind == AgentKinds.Command ? "agent.command" : null, process)
    {
    }

    public IReadOnlyList<string> Argv => [.. Settings.Command, .. Settings.Args];

    private protected override IReadOnlyList<string> Arguments => Argv.Skip(1).ToList();

    private protected override string Name => Kind == AgentKinds.Command ? Path.GetFileName(Settings.Command[0]) : Kind;

    private protected override AgentReport? ReadReport(string stdOut) => ClaudeResultParser.Parse(stdOut);

    /// <summary>The program agent.command names; an empty command is a usage error before anything runs.</summary>
    private static string Program(AgentSettings settings) =>
        settings.Command.Count == 0 || string.IsNullOrWhiteSpace(settings.Command[0])
            ? throw new GsdException(
                "agent.command is empty: agent.kind 'command' needs the agent's argv in .gsd/PREFERENCES.md, " +
                "e.g. `command: [\"./my-agent\", \"--flag\"]`.",
                ExitCodes.Usage)
            : settings.Command[0];
}
