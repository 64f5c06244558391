using Gsd.Layout;

namespace Gsd.Preferences;

/// <summary>Loads the global then the project preferences file and merges them key by key (ARCHITECTURE §3).</summary>
public static class PreferencesLoader
{
    /// <summary>
    /// Reads <c>$GSD_HOME/PREFERENCES.md</c> (or <c>~/.gsd/PREFERENCES.md</c>; <paramref name="gsdHome"/>
    /// overrides both), then <c>&lt;projectRoot&gt;/.gsd/PREFERENCES.md</c> (or legacy
    /// <c>preferences.md</c>). Missing files mean defaults. Throws <see cref="PreferencesException"/>
    /// listing every bad value of every file read; unknown keys come back as warnings.
    /// </summary>
    public static LoadedPreferences Load(string? projectRoot, string? gsdHome = null)
    {
        var globalFile = PreferencePaths.FindGlobalFile(gsdHome);
        var projectFile = projectRoot is null ? null : PreferencePaths.FindProjectFile(projectRoot);
        if (globalFile is not null && projectFile is not null
            && string.Equals(Path.GetFullPath(globalFile), Path.GetFullPath(projectFile), StringComparison.Ordinal))
        {
            globalFile = null; // the project is the home directory itself: one file, read once
        }

        var errors = new List<PreferenceError>();
        var files = new List<PreferenceFileText>();
        foreach (var path in new[] { globalFile, projectFile })
        {
            if (path is null)
            {
                continue;
            }
            var display = PreferencePaths.Display(path, path == projectFile ? projectRoot : null);
            try
            {
                files.Add(new PreferenceFileText(Path.GetFullPath(path), display, File.ReadAllText(path)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                errors.Add(new PreferenceError(display, 0, null, null, $"cannot be read: {ex.Message}"));
            }
        }
        return Merge(files, errors);
    }

    /// <summary>
    /// The same merge from texts already read (a run's recorded preferences, ARCHITECTURE §6): global first, the project
    /// last; messages name each file by its <see cref="PreferenceFileText.Display"/> name.
    /// </summary>
    public static LoadedPreferences FromTexts(IReadOnlyList<PreferenceFileText> files) => Merge(files, []);

    private static LoadedPreferences Merge(IReadOnlyList<PreferenceFileText> files, List<PreferenceError> errors)
    {
        var merged = new Dictionary<string, PreferenceSetting>(StringComparer.Ordinal);
        var warnings = new List<PreferenceWarning>();
        foreach (var file in files)
        {
            var parsed = PreferenceFileParser.Parse(file.Display, file.Text);
            foreach (var setting in parsed.Settings)
            {
                merged[setting.Key] = setting; // later file (the project) wins, key by key
            }
            errors.AddRange(parsed.Errors);
            warnings.AddRange(parsed.Warnings);
        }

        var preferences = PreferencesBuilder.Build(merged, errors);
        if (errors.Count > 0)
        {
            throw new PreferencesException(errors);
        }
        return new LoadedPreferences(preferences, warnings, files.Select(f => f.Path).ToList())
        {
            Files = files,
            Locations = merged.ToDictionary(kv => kv.Key, kv => $"{kv.Value.File}:{kv.Value.Line}", StringComparer.Ordinal),
        };
    }
}
