using System.Text.RegularExpressions;

namespace Gsd.Layout;

/// <summary>Milestone ids (<c>M002</c>, <c>M002-abc123</c>) and the path-safety rule for slice and task ids.</summary>
public static partial class MilestoneId
{
    [GeneratedRegex(@"^M\d{3}(-[a-z0-9]{6})?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool IsValid(string id) => Pattern().IsMatch(id);

    /// <summary>The id itself when it is one; otherwise the usage error (exit 2) every command gives for a bad id.</summary>
    public static string Require(string id) =>
        IsValid(id) ? id : throw new GsdException($"'{id}' is not a milestone id (M###).", ExitCodes.Usage);

    /// <summary>
    /// An id as written in a dependency list or QUEUE-ORDER.json, tidied: trimmed, unquoted, and a lowercase
    /// <c>m001</c> read as <c>M001</c> (and <c>M001-ABC123</c> as <c>M001-abc123</c>). Text that is still not a valid id is returned trimmed, for the error message.
    /// </summary>
    public static string Normalize(string text)
    {
        var id = text.Trim().Trim('"', '\'', '`').Trim();
        if (id.Length > 0 && id[0] is 'm' or 'M' && !IsValid(id))
        {
            var tidy = "M" + id[1..].ToLowerInvariant();
            if (IsValid(tidy))
            {
                return tidy;
            }
        }
        return id;
    }

    /// <summary>Slice and task ids are read as written, but never one that could escape a path or pose as a git option.</summary>
    public static bool IsPathSafe(string id) =>
        id.Length > 0 && !id.Contains('/', StringComparison.Ordinal) && !id.Contains('\\', StringComparison.Ordinal)
        && !id.Contains("..", StringComparison.Ordinal) && !id.StartsWith('-') && !id.Any(char.IsControl);
}
