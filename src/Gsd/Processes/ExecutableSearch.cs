namespace Gsd.Processes;

/// <summary>Finds an executable the way a shell would: a name with a '/' is a path, otherwise PATH is searched.</summary>
public static class ExecutableSearch
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

    public static bool IsExecutableFile(string path)
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
