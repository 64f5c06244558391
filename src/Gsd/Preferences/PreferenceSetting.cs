namespace Gsd.Preferences;

/// <summary>One key set by one file: its typed value (null = explicitly null) and where it was written.</summary>
internal sealed record PreferenceSetting(string Key, object? Value, string File, int Line);
