using System.Globalization;
using System.Text.RegularExpressions;
using System.Text;

namespace Gsd.Preferences;

/// <summary>Durations as written in preferences: <c>500ms</c>, <c>90s</c>, <c>30m</c>, <c>1h</c>, <c>1h30m</c>.</summary>
public static partial class DurationText
{
    /// <summary>Parses h, m, s, ms parts in that order (each optional, at least one). False on anything else or overflow.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return false;
        }
        try
        {
            long ms = 0;
            ms = checked(ms + (Part(match, "h") * 3_600_000));
            ms = checked(ms + (Part(match, "m") * 60_000));
            ms = checked(ms + (Part(match, "s") * 1_000));
            ms = checked(ms + Part(match, "ms"));
            value = TimeSpan.FromMilliseconds(ms);
            return true;
        }
        catch (Exception ex) when (ex is OverflowException or ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>The inverse of <see cref="TryParse"/> (sub-millisecond parts are dropped): <c>1h30m</c>, <c>500ms</c>, <c>0s</c>.</summary>
    public static string Format(TimeSpan value)
    {
        var ms = (long)value.TotalMilliseconds;
        if (ms <= 0)
        {
            return "0s";
        }
        var text = new StringBuilder();
        Append(text, ms / 3_600_000, "h");
        Append(text, ms / 60_000 % 60, "m");
        Append(text, ms / 1_000 % 60, "s");
        Append(text, ms % 1_000, "ms");
        return text.ToString();
    }

    private static long Part(Match match, string name)
    {
        var group = match.Groups[name];
        return group.Success ? long.Parse(group.Value, NumberStyles.None, CultureInfo.InvariantCulture) : 0;
    }

    private static void Append(StringBuilder text, long amount, string unit)
    {
        if (amount > 0)
        {
            text.Append(amount.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }

    // The (?!s) keeps "5ms" from being read as 5 minutes followed by a stray "s"; the lookahead
    // at the start rejects the empty string.
    [GeneratedRegex(@"^(?=\d)(?:(?<h>\d{1,9})h)?(?:(?<m>\d{1,9})m(?!s))?(?:(?<s>\d{1,9})s)?(?:(?<ms>\d{1,12})ms)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
