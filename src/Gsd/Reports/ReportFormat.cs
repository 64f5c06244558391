using System.Globalization;

namespace Gsd.Reports;

/// <summary>How the report prints money, tokens, times and outcomes (invariant culture, UTC).</summary>
internal static class ReportFormat
{
    public static string Cost(decimal cost) => "$" + cost.ToString("0.0000", CultureInfo.InvariantCulture);

    public static string Tokens(long tokens) => tokens.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan d) =>
        d.TotalSeconds < 60 ? d.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s"
        : d.TotalMinutes < 60 ? $"{(int)d.TotalMinutes}m {d.Seconds:00}s"
        : $"{(int)d.TotalHours}h {d.Minutes:00}m";

    /// <summary>A CSS class for an outcome: ok (succeeded), bad (failed, timed-out) or warn (interrupted, anything else).</summary>
    public static string OutcomeClass(string outcome) => outcome switch
    {
        "succeeded" => "ok",
        "failed" or "timed-out" => "bad",
        _ => "warn",
    };
}
