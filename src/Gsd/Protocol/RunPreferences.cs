using Gsd.IO;
using Gsd.Layout;

namespace Gsd.Protocol;

/// <summary>
/// <c>.gsd/parallel/preferences.json</c>: the preferences a run took from the project root once, when it began (global
/// file first, then the project's, each with its text as read, uncommitted edits included). Its workers load these, not
/// the PREFERENCES.md on their milestone branch, so every process of a run — a restarted worker too — uses what the user
/// sees in the project root (ARCHITECTURE §6).
/// </summary>
public sealed record RunPreferences(string RunId, DateTimeOffset TakenAt, IReadOnlyList<RunPreferenceFile> Files);

/// <param name="Path">The file's full path (messages name it so, so the user fixes the right file).</param>
/// <param name="Uncommitted">The project file differed from its last commit (edits included); null when not known or not in the repository.</param>
public sealed record RunPreferenceFile(string Path, string Text, bool? Uncommitted);

public static class RunPreferencesStore
{
    public static void Write(ParallelPaths paths, RunPreferences preferences)
    {
        Directory.CreateDirectory(paths.Directory);
        JsonFile.Write(paths.PreferencesFile, preferences, GsdJsonContext.Default.RunPreferences);
    }

    /// <summary>The recorded preferences, or null when none are recorded (or the file is unreadable).</summary>
    public static RunPreferences? TryRead(ParallelPaths paths)
    {
        try
        {
            return JsonFile.Read(paths.PreferencesFile, GsdJsonContext.Default.RunPreferences);
        }
        catch (GsdException)
        {
            return null;
        }
    }

    /// <summary>"~/.gsd/PREFERENCES.md, .gsd/PREFERENCES.md (uncommitted edits included)": where a run's preferences came from.</summary>
    public static string Describe(RunPreferences preferences, string projectRoot) =>
        preferences.Files.Count == 0
            ? "defaults (no PREFERENCES.md)"
            : string.Join(", ", preferences.Files.Select(f =>
                Shown(f.Path, projectRoot) + (f.Uncommitted == true ? " (uncommitted edits included)" : string.Empty)));

    private static string Shown(string path, string projectRoot)
    {
        var relative = System.IO.Path.GetRelativePath(projectRoot, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || System.IO.Path.IsPathRooted(relative) ? path : relative;
    }
}
