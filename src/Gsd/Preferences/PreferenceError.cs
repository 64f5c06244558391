namespace Gsd.Preferences;

/// <summary>
/// One bad thing in a preferences file. <see cref="File"/> is the file as shown to the user,
/// <see cref="Line"/> 1-based (0 = unknown), <see cref="Key"/> dotted (null for YAML syntax errors),
/// <see cref="Value"/> as written, <see cref="Problem"/> what is allowed instead.
/// </summary>
public sealed record PreferenceError(string File, int Line, string? Key, string? Value, string Problem)
{
    /// <summary><c>.gsd/PREFERENCES.md:3: parallel.max_workers: 9 — must be 1-4</c>.</summary>
    public string Message
    {
        get
        {
            var where = Line > 0 ? $"{File}:{Line}" : File;
            return Key is null ? $"{where}: {Problem}" : $"{where}: {Key}: {Value} — {Problem}";
        }
    }

    public override string ToString() => Message;
}
