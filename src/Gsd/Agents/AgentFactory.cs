using Gsd.Preferences;
using Gsd.Processes;

namespace Gsd.Agents;

/// <summary>Builds the adapter <c>agent.kind</c> names; checks up front that its executable is installed.</summary>
public static class AgentFactory
{
    /// <summary>The hidden gsd subcommand the <c>sim</c> kind runs.</summary>
    public const string SimSubcommand = "sim-agent";

    public static IAgent Create(AgentSettings settings) => Create(settings, Environment.GetEnvironmentVariable);

    /// <param name="hostEnvironment">Reads gsd's own environment (GSD_CLAUDE_BIN, GSD_CODEX_BIN, PATH); tests pass their own.</param>
    /// <param name="process">Runs the agent process; null = a new one with the system clock.</param>
    public static IAgent Create(AgentSettings settings, Func<string, string?> hostEnvironment, AgentProcess? process = null)
    {
        var kind = settings.Kind.Trim().ToLowerInvariant();
        var path = AgentPath.Of(settings) ?? hostEnvironment("PATH");
        switch (kind)
        {
            case AgentKinds.Claude:
            {
                var (exe, setBy) = InstalledExecutable(settings, path, hostEnvironment, ClaudeAgent.ExecutableVariable, "claude");
                return new ClaudeAgent(settings, exe, setBy, process);
            }
            case AgentKinds.Codex:
            {
                var (exe, setBy) = InstalledExecutable(settings, path, hostEnvironment, CodexAgent.ExecutableVariable, "codex");
                return new CodexAgent(settings, exe, setBy, process);
            }
            case AgentKinds.Command:
            {
                var agent = new CommandAgent(settings, AgentKinds.Command, process);
                CheckInstalled(settings, settings.Command[0], path, "agent.command");
                return agent;
            }
            case AgentKinds.Sim:
                return new CommandAgent(settings with { Command = [.. SelfCommand.Argv(), SimSubcommand] }, AgentKinds.Sim, process);
            default:
                throw new GsdException(
                    $"agent.kind: '{settings.Kind}' is not a known agent; use one of {string.Join(", ", AgentKinds.All)} (in {settings.PreferencesFile}).",
                    ExitCodes.Usage);
        }
    }

    /// <summary>The executable <paramref name="variable"/> names, else <paramref name="name"/>; checked to be installed.</summary>
    private static (string Executable, string? SetBy) InstalledExecutable(AgentSettings settings, string? path, Func<string, string?> hostEnvironment, string variable, string name)
    {
        var (executable, setBy) = hostEnvironment(variable) is { Length: > 0 } overridden ? (overridden, variable) : (name, (string?)null);
        CheckInstalled(settings, executable, path, setBy);
        return (executable, setBy);
    }

    /// <summary>Fails fast for names on PATH and absolute paths; a relative path is checked against the checkout when the agent runs.</summary>
    private static void CheckInstalled(AgentSettings settings, string executable, string? path, string? setBy)
    {
        if (executable.Contains('/', StringComparison.Ordinal) && !Path.IsPathRooted(executable))
        {
            return;
        }
        AgentExecutable.Resolve(settings.Kind.Trim().ToLowerInvariant(), executable, Environment.CurrentDirectory, path, setBy, settings.PreferencesFile);
    }
}
