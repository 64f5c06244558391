namespace Gsd.Layout;

/// <summary>Where preferences files live: <c>$GSD_HOME</c> or <c>~/.gsd</c> (global), <c>&lt;root&gt;/.gsd</c> (project).</summary>
public static class PreferencePaths
{
    public const string FileName = "PREFERENCES.md";

    /// <summary>The name older GSD versions wrote; read when <see cref="FileName"/> is absent.</summary>
    public const string LegacyFileName = "preferences.md";

    /// <summary><paramref name="gsdHome"/> if given, else <c>$GSD_HOME</c> if set, else <c>~/.gsd</c>.</summary>
    public static string GlobalDirectory(string? gsdHome = null) =>
        ResolveGsdHome(gsdHome, Environment.GetEnvironmentVariable("GSD_HOME"),
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>The global preferences file, or null when there is none.</summary>
    public static string? FindGlobalFile(string? gsdHome = null) => FindIn(GlobalDirectory(gsdHome));

    /// <summary>The project's preferences file (PREFERENCES.md, else legacy preferences.md), or null.</summary>
    public static string? FindProjectFile(string projectRoot) => FindIn(GsdPaths.GsdDirectory(projectRoot));

    /// <summary>Where <c>gsd init</c> writes the project's file.</summary>
    public static string ProjectFile(string projectRoot) => Path.Combine(GsdPaths.GsdDirectory(Path.GetFullPath(projectRoot)), FileName);

    internal static string ResolveGsdHome(string? gsdHome, string? environmentGsdHome, string userProfile)
    {
        if (!string.IsNullOrWhiteSpace(gsdHome))
        {
            return Path.GetFullPath(gsdHome);
        }
        if (!string.IsNullOrWhiteSpace(environmentGsdHome))
        {
            return Path.GetFullPath(environmentGsdHome);
        }
        return Path.Combine(userProfile, ".gsd");
    }

    /// <summary>How a file is named in messages: project files relative to the root, global ones with <c>~</c>.</summary>
    internal static string Display(string fullPath, string? projectRoot)
    {
        if (projectRoot is not null)
        {
            var relative = Path.GetRelativePath(Path.GetFullPath(projectRoot), fullPath);
            if (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative))
            {
                return relative;
            }
        }
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (home.Length > 0)
        {
            var fromHome = Path.GetRelativePath(home, fullPath);
            if (!fromHome.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(fromHome))
            {
                return Path.Combine("~", fromHome);
            }
        }
        return fullPath;
    }

    // Enumerating gives the names as stored, so the exact-case rule holds on case-insensitive disks too.
    private static string? FindIn(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return null;
        }
        var expected = Path.Combine(directory, FileName);
        if (Directory.Exists(expected))
        {
            // Ignoring it would silently run with defaults the user never chose.
            throw new GsdException(
                $"{expected} is a directory, not a file: gsd reads its preferences from that file. Move it aside, then write the file (`gsd init` recreates it with every key at its default).",
                ExitCodes.Usage);
        }
        string? legacy = null;
        foreach (var path in Directory.EnumerateFiles(directory))
        {
            var name = Path.GetFileName(path);
            if (name == FileName)
            {
                return path;
            }
            if (name == LegacyFileName)
            {
                legacy = path;
            }
        }
        return legacy;
    }
}
