using Gsd.Doctor;

namespace Gsd.Rendering;

/// <summary>
/// Plain <c>gsd doctor</c> output: one line per finding (<c>severity code: message</c>, never wrapped, so grep works), with
/// --fix an indented line saying what was done, then a summary.
/// </summary>
public static class DoctorRenderer
{
    public static void Render(TextWriter output, DoctorReport report)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(report);
        if (report.Findings.Count == 0)
        {
            output.WriteLine($"No problems found in {report.Root}.");
            return;
        }
        foreach (var f in report.Findings)
        {
            var mark = report.FixRequested ? (f.Fixed ? " [fixed]" : string.Empty) : (f.Fixable ? " [fixable]" : string.Empty);
            output.WriteLine($"{f.Severity,-7} {f.Code}{mark}: {f.Message}");
            if (report.FixRequested && f.Action is not null)
            {
                output.WriteLine($"        {(f.Fixed ? "fixed" : "not fixed")}: {f.Action}");
            }
        }
        output.WriteLine();
        output.WriteLine(Summary(report));
    }

    public static string Summary(DoctorReport report)
    {
        var counts = $"{Count(report, DoctorSeverity.Error, "error")}, {Count(report, DoctorSeverity.Warning, "warning")}, {Count(report, DoctorSeverity.Info, "info")}";
        if (report.FixRequested)
        {
            var fixedCount = report.Findings.Count(f => f.Fixed);
            var left = report.Findings.Count - fixedCount;
            return $"{report.Findings.Count} finding(s) ({counts}): {fixedCount} fixed, {left} left"
                + (report.RemainingErrors > 0 ? $"; {report.RemainingErrors} error(s) need your attention." : ".");
        }
        var fixable = report.Findings.Count(f => f.Fixable);
        return $"{report.Findings.Count} finding(s) ({counts})"
            + (fixable > 0 ? $"; {fixable} can be repaired safely with `gsd doctor --fix`." : ".");
    }

    private static string Count(DoctorReport report, string severity, string name)
    {
        var n = report.Findings.Count(f => f.Severity == severity);
        return n == 1 || severity == DoctorSeverity.Info ? $"{n} {name}" : $"{n} {name}s";
    }
}
