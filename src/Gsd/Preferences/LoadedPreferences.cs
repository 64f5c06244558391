namespace Gsd.Preferences;

/// <summary>
/// The result of <see cref="PreferencesLoader.Load"/>: the merged preferences, the warnings
/// (unknown keys, GSD-2 settings gsd ignores) and the full paths of the files read, global first.
/// </summary>
public sealed record LoadedPreferences(
    GsdPreferences Preferences,
    IReadOnlyList<PreferenceWarning> Warnings,
    IReadOnlyList<string> SourceFiles);
