namespace Gsd.Preferences;

/// <summary>
/// The result of <see cref="PreferencesLoader.Load"/>: the merged preferences, the warnings
/// (unknown keys, GSD-2 settings gsd ignores) and the full paths of the files read, global first.
/// </summary>
public sealed record LoadedPreferences(
    GsdPreferences Preferences,
    IReadOnlyList<PreferenceWarning> Warnings,
    IReadOnlyList<string> SourceFiles)
{
    /// <summary>The files read, with their text as read (what a parallel run records, so its workers use the same).</summary>
    public IReadOnlyList<PreferenceFileText> Files { get; init; } = [];

    /// <summary>Where each key set by a file was set, as <c>file:line</c> (the file as messages name it).</summary>
    public IReadOnlyDictionary<string, string> Locations { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}

/// <summary>One preferences file as read: its full path, the name messages give it, and its text.</summary>
public sealed record PreferenceFileText(string Path, string Display, string Text);
