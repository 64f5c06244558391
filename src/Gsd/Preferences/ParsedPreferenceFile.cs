namespace Gsd.Preferences;

/// <summary>What one preferences file sets, and what is wrong or ignored in it.</summary>
internal sealed record ParsedPreferenceFile(
    IReadOnlyList<PreferenceSetting> Settings,
    IReadOnlyList<PreferenceError> Errors,
    IReadOnlyList<PreferenceWarning> Warnings);
