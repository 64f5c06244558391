using Gsd.Preferences;

namespace Gsd.Agents;

/// <summary>
/// Any program as the agent: argv from <c>agent.command</c> plus <c>agent.args</c>. When its stdout
/// (or the last non-empty line of it) is a JSON object in the claude shape, cost and tokens are read
/// from it. Also runs the built-in <c>sim</c> agent, which is a hidden gsd subcommand.
/// </summary>
public sealed class CommandAgent : IAgent
{
    private readonly AgentSettings _settings;
    private readonly AgentProcess _process;

    /// <param name="kind">The kind reported and named in errors: "command", or "sim" for the built-in simulated agent.</param>
    public CommandAgent(AgentSettings settings, string kind = AgentKinds.Command, AgentProcess? process = null)
    {
        if (settings.Command.Count == 0 || string.IsNullOrWhiteSpace(settings.Command[0]))
        {
            throw new GsdException(
                "agent.command is empty: agent.kind 'command' needs the agent's argv in .gsd/PREFERENCES.md, " +
                "e.g. `command: [\"./my-agent\", \"--flag\"]`.",
                ExitCodes.Usage);
        }
        _settings = settings;
        Kind = kind;
        _process = process ?? new AgentProcess();
    }

    public string Kind { get; }

    public int? ProcessGroupId => _process.ProcessGroupId;

    public IReadOnlyList<string> Argv => [.. _settings.Command, .. _settings.Args];

    public async Task<AgentResult> RunAsync(AgentInvocation invocation, CancellationToken ct)
    {
        var argv = Argv;
        var executable = AgentExecutable.Resolve(Kind, argv[0], invocation.WorkingDirectory, AgentPath.Of(_settings), Kind == AgentKinds.Command ? "agent.command" : null);
        var launch = new AgentLaunch(executable, argv.Skip(1).ToList(), _settings.UnitTimeout, _settings.Environment);
        var process = await _process.RunAsync(launch, invocation, ct).ConfigureAwait(false);
        var name = Kind == AgentKinds.Command ? Path.GetFileName(argv[0]) : Kind;
        return AgentOutcome.From(name, process, ClaudeResultParser.Parse(process.StdOut), _settings, reportRequired: false);
    }
}
