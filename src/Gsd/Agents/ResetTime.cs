using System.Globalization;
using System.Text.RegularExpressions;

namespace Gsd.Agents;

/// <summary>
/// When a usage limit resets, read from the agent's own words: Claude Code's <c>usage limit reached|1750708800</c>
/// (epoch seconds) and <c>resets 5:10pm (Europe/Paris)</c> (the next such time in that IANA zone after now), and
/// Codex's <c>Try again at 3:04 PM</c> / <c>try again in 2 hours 5 minutes</c>.
/// </summary>
public static partial class ResetTime
{
    /// <summary>The reset <paramref name="text"/> names, as UTC; null when it names none (or a zone this machine does not know).</summary>
    public static DateTimeOffset? Parse(string text, DateTimeOffset now)
    {
        if (Epoch().Match(text) is { Success: true } epoch
            && long.TryParse(epoch.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }
        if (Resets().Match(text) is { Success: true } resets)
        {
            return AtClock(resets, now);
        }
        if (TryAgainAt().Match(text) is { Success: true } at)
        {
            return AtClock(at, now);
        }
        if (TryAgainIn().Match(text) is { Success: true } @in)
        {
            var total = TimeSpan.Zero;
            foreach (Match part in DurationPart().Matches(@in.Groups["span"].Value))
            {
                var n = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
                total += char.ToLowerInvariant(part.Groups[2].Value[0]) switch
                {
                    'd' => TimeSpan.FromDays(n),
                    'h' => TimeSpan.FromHours(n),
                    'm' => TimeSpan.FromMinutes(n),
                    _ => TimeSpan.FromSeconds(n),
                };
            }
            return total > TimeSpan.Zero ? now + total : null;
        }
        return null;
    }

    /// <summary>The next moment after <paramref name="now"/> at the matched clock time (on the matched date, when given) in the matched zone.</summary>
    private static DateTimeOffset? AtClock(Match m, DateTimeOffset now)
    {
        var zone = Zone(m.Groups["zone"].Value.Trim());
        if (zone is null)
        {
            return null;
        }
        var hour = int.Parse(m.Groups["hour"].Value, CultureInfo.InvariantCulture);
        var minute = m.Groups["minute"].Success ? int.Parse(m.Groups["minute"].Value, CultureInfo.InvariantCulture) : 0;
        var half = m.Groups["ampm"].Value.ToLowerInvariant();
        if (hour > 23 || minute > 59 || (half.Length > 0 && (hour < 1 || hour > 12)))
        {
            return null;
        }
        if (half.Length > 0)
        {
            hour = hour % 12 + (half[0] == 'p' ? 12 : 0);
        }
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var date = local.Date;
        var dated = m.Groups["month"].Success;
        if (dated)
        {
            var month = DateTime.ParseExact(m.Groups["month"].Value[..3], "MMM", CultureInfo.InvariantCulture).Month;
            var day = int.Parse(m.Groups["day"].Value, CultureInfo.InvariantCulture);
            var year = m.Groups["year"].Success ? int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture) : local.Year;
            if (day < 1 || day > DateTime.DaysInMonth(year, month))
            {
                return null;
            }
            date = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified);
        }
        var candidate = ToUtc(date.AddHours(hour).AddMinutes(minute), zone);
        if (candidate <= now)
        {
            // "resets 1pm" is the next 1pm; a date without a year that has passed is next year's.
            candidate = dated && !m.Groups["year"].Success
                ? ToUtc(date.AddYears(1).AddHours(hour).AddMinutes(minute), zone)
                : dated ? candidate : ToUtc(date.AddDays(1).AddHours(hour).AddMinutes(minute), zone);
        }
        return candidate;
    }

    private static DateTimeOffset ToUtc(DateTime wall, TimeZoneInfo zone)
    {
        // A wall time skipped by a DST change is read as the hour after it.
        var unspecified = DateTime.SpecifyKind(wall, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddHours(1);
        }
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(unspecified, zone), TimeSpan.Zero);
    }

    private static TimeZoneInfo? Zone(string id)
    {
        if (id.Length == 0)
        {
            return TimeZoneInfo.Local;
        }
        if (id is "UTC" or "GMT" or "Etc/UTC")
        {
            return TimeZoneInfo.Utc;
        }
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"usage limit reached\|(\d{9,12})", RegexOptions.IgnoreCase)]
    private static partial Regex Epoch();

    private const string Clock =
        @"(?:(?<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(?<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?:(?<year>\d{4}),?\s+)?(?:at\s+)?)?"
        + @"(?<hour>\d{1,2})(?::(?<minute>\d{2}))?\s*(?<ampm>[ap]\.?m\.?)?(?![\d:])";

    [GeneratedRegex(@"\bresets\s+(?:at\s+)?" + Clock + @"\s*(?:\((?<zone>[A-Za-z_+\-/0-9]+)\))?", RegexOptions.IgnoreCase)]
    private static partial Regex Resets();

    [GeneratedRegex(@"\btry again at\s+" + Clock + @"\s*(?:\((?<zone>[A-Za-z_+\-/0-9]+)\))?", RegexOptions.IgnoreCase)]
    private static partial Regex TryAgainAt();

    [GeneratedRegex(@"\btry again in\s+(?<span>(?:\d+(?:\.\d+)?\s*(?:days?|d|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\b[\s,and]*)+)", RegexOptions.IgnoreCase)]
    private static partial Regex TryAgainIn();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)\s*([a-z]+)", RegexOptions.IgnoreCase)]
    private static partial Regex DurationPart();
}
