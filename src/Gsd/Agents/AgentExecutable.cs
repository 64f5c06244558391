using Gsd.Preferences;

namespace Gsd.Agents;

/// <summary>
/// Finds an agent's executable the way a shell would (a name with a '/' is a path, otherwise PATH
/// is searched) and turns a missing one into a user error that says how to fix it.
/// </summary>
public static class AgentExecutable
{
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>The full path of <paramref name="name"/>, or null when it does not exist or is not executable.</summary>
    /// <param name="workingDirectory">Base for a relative path such as <c>./agent.sh</c>.</param>
    /// <param name="pathVariable">The PATH to search; null = this process's PATH.</param>
    public static string? Find(string name, string workingDirectory, string? pathVariable = null)
    {
        if (name.Length == 0)
        {
            return null;
        }
        if (name.Contains('/', StringComparison.Ordinal))
        {
            var full = Path.GetFullPath(name, workingDirectory);
            return IsExecutableFile(full) ? full : null;
        }
        var path = pathVariable ?? Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(Path.GetFullPath(dir, workingDirectory), name);
            if (IsExecutableFile(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>Like <see cref="Find"/>, but a missing executable is a <see cref="GsdException"/> (exit 2) naming it, how to install it and the preference to change.</summary>
    /// <param name="setBy">Where <paramref name="name"/> came from when not the default (e.g. <c>GSD_CLAUDE_BIN</c>, <c>agent.command</c>), for the message.</param>
    public static string Resolve(string kind, string name, string workingDirectory, string? pathVariable = null, string? setBy = null) =>
        Find(name, workingDirectory, pathVariable) ?? throw NotInstalled(kind, name, setBy);

    public static GsdException NotInstalled(string kind, string name, string? setBy = null)
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
            $"agent '{kind}' is not installed: {where}. {install}, or change agent.kind / agent.command in .gsd/PREFERENCES.md.",
            ExitCodes.Usage);
    }

    private static bool IsExecutableFile(string path)
    {
        try
        {
            return File.Exists(path) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & AnyExecute) != 0);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
