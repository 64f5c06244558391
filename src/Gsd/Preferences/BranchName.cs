namespace Gsd.Preferences;

/// <summary>
/// A light form of git's check-ref-format rules: enough to keep a branch name from being read as an
/// option or breaking a refspec. git itself still has the last word.
/// </summary>
internal static class BranchName
{
    public static bool IsPlausible(string name) =>
        name.Length > 0
        && name[0] != '-'
        && name[^1] != '/'
        && name[^1] != '.'
        && !name.EndsWith(".lock", StringComparison.Ordinal)
        && !name.Contains("..", StringComparison.Ordinal)
        && !name.Contains("@{", StringComparison.Ordinal)
        && !name.Contains("//", StringComparison.Ordinal)
        && name != "@"
        && !name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '~' or '^' or ':' or '?' or '*' or '[' or '\\');
}
