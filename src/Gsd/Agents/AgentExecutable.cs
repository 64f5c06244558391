using Gsd.Preferences;
using Gsd.Processes;

namespace Gsd.Agents;

/// <summary>
/// Finds an agent's executable the way a shell would (a name with a '/' is a path, otherwise PATH
/// is searched) and turns a missing one into a user error that says how to fix it.
/// </summary>
public static class AgentExecutable
{
    /// <summary>Like <see cref="ExecutableSearch.Find"/>, but a missing executable is a <see cref="GsdException"/> (exit 2) naming it, how to install it and the preference to change.</summary>
    /// <param name="setBy">Where <paramref name="name"/> came from when not the default (e.g. <c>GSD_CLAUDE_BIN</c>, <c>agent.command</c>), for the message.</param>
    /// <param name="preferencesFile">The preferences file to fix, as the message names it.</param>
    public static string Resolve(string kind, string name, string workingDirectory, string? pathVariable = null, string? setBy = null, string preferencesFile = ".gsd/PREFERENCES.md") =>
        ExecutableSearch.Find(name, workingDirectory, pathVariable) ?? throw NotInstalled(kind, name, setBy, preferencesFile);

    public static GsdException NotInstalled(string kind, string name, string? setBy = null, string preferencesFile = ".gsd/PREFERENCES.md")
    {
        var source = setBy is null ? "" : $" (from {setBy})";
        var where = name.Contains('/', StringComparison.Ordinal)
            ? $"'{name}'{source} does not exist or is not executable"
            : $"no executable named '{name}'{source} was found on PATH";
        var install = kind switch
        {
            AgentKinds.Claude => "Install it with `npm install -g @anthropic-ai/claude-code`",
            AgentKinds.Codex => "Install it with `npm install -g @openai/codex`",
            _ => $"Install '{name}' or fix its path",
        };
        return new GsdException(
            $"agent '{kind}' is not installed: {where}. {install}, or change agent.kind / agent.command in {preferencesFile}.",
            ExitCodes.Usage);
    }
}
