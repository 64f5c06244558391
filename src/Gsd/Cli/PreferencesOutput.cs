using Gsd.Preferences;

namespace Gsd.Cli;

/// <summary>Loads preferences for a command and prints likely typos as warnings; GSD-2's own keys are left to `gsd doctor`.</summary>
internal static class PreferencesOutput
{
    public static LoadedPreferences Load(string projectRoot, TextWriter warnings) => Warn(PreferencesLoader.Load(projectRoot), warnings);

    public static LoadedPreferences Warn(LoadedPreferences loaded, TextWriter warnings)
    {
        foreach (var w in loaded.Warnings.Where(w => w.Kind == PreferenceWarningKind.UnknownKey))
        {
            warnings.WriteLine($"warning: {w.Message}");
        }
        return loaded;
    }
}
