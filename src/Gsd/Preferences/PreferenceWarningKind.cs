namespace Gsd.Preferences;

public enum PreferenceWarningKind
{
    /// <summary>A key neither gsd nor GSD-2 knows: most likely a typo.</summary>
    UnknownKey,

    /// <summary>A GSD-2 setting (or GSD-2 value) that gsd does not use; harmless in a shared file.</summary>
    Gsd2Setting,
}
