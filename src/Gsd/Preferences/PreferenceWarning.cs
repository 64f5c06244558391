namespace Gsd.Preferences;

/// <summary>
/// Something in a preferences file that gsd ignores. <see cref="File"/> is the file as shown to the
/// user, <see cref="Line"/> is 1-based, <see cref="Key"/> dotted (<c>git.isolation</c>);
/// <see cref="Message"/> is the full line to print (<c>file:line: ...</c>).
/// </summary>
public sealed record PreferenceWarning(string File, int Line, string Key, PreferenceWarningKind Kind, string Message)
{
    public override string ToString() => Message;
}
