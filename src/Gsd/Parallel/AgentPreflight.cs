using Gsd.Agents;
using Gsd.Preferences;
using Gsd.Processes;

namespace Gsd.Parallel;

/// <summary>
/// `start` checks, before it makes a worktree or launches anything, that the configured agent can start: a run whose every
/// worker would end in error at once is refused with exit 2 naming the key to fix and where it is set.
/// </summary>
public static class AgentPreflight
{
    public static void Check(LoadedPreferences loaded, string projectRoot)
    {
        var agent = loaded.Preferences.Agent;
        var key = agent.Kind == AgentKinds.Command ? "agent.command" : "agent.kind";
        var where = loaded.Locations.GetValueOrDefault(key) ?? loaded.Locations.GetValueOrDefault("agent.kind");
        var settings = new AgentSettings(agent.Kind, agent.Command, agent.Model, agent.Args, agent.UnitTimeout, null)
        {
            PreferencesFile = where ?? ".gsd/PREFERENCES.md",
        };
        try
        {
            AgentFactory.Create(settings);
            // A relative path (./agent.sh) is found in each worker's checkout: the project root holds the same files.
            if (agent.Kind == AgentKinds.Command && agent.Command[0].Contains('/', StringComparison.Ordinal) && !Path.IsPathRooted(agent.Command[0])
                && ExecutableSearch.Find(agent.Command[0], projectRoot) is null)
            {
                throw AgentExecutable.NotInstalled(AgentKinds.Command, agent.Command[0], "agent.command", settings.PreferencesFile);
            }
        }
        catch (GsdException ex)
        {
            throw new GsdException($"Nothing started: {key}{(where is null ? string.Empty : $" ({where})")}: {ex.Message}", ExitCodes.Usage);
        }
    }
}
