using System.Globalization;
using System.Net;
using System.Text;
using Gsd.Protocol;

namespace Gsd.Reports;

/// <summary>Inline SVG charts for the report: horizontal bars per unit, and the units' tries on a time axis. Every label is HTML-encoded.</summary>
internal static class SvgCharts
{
    private const int LabelWidth = 230;
    private const int BarArea = 440;
    private const int ValueWidth = 110;
    private const int Row = 22;

    /// <summary>One bar per row, scaled to the largest value; <paramref name="format"/> prints the value beside it.</summary>
    public static string Bars(string title, IReadOnlyList<(string Label, double Value)> rows, Func<double, string> format, string cssClass)
    {
        var max = rows.Count == 0 ? 0 : rows.Max(r => r.Value);
        var width = LabelWidth + BarArea + ValueWidth;
        var height = Math.Max(1, rows.Count) * Row + 8;
        var sb = new StringBuilder();
        sb.Append(Inv($"<svg class=\"chart\" role=\"img\" aria-label=\"{Enc(title)}\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\">"));
        sb.Append(Inv($"<title>{Enc(title)}</title>"));
        for (var i = 0; i < rows.Count; i++)
        {
            var (label, value) = rows[i];
            var y = i * Row + 4;
            var w = max <= 0 ? 0 : Math.Max(value > 0 ? 1 : 0, value / max * BarArea);
            sb.Append(Inv($"<text class=\"label\" x=\"{LabelWidth - 8}\" y=\"{y + 14}\" text-anchor=\"end\">{Enc(Shorten(label))}</text>"));
            sb.Append(Inv($"<rect class=\"{cssClass}\" x=\"{LabelWidth}\" y=\"{y + 2}\" width=\"{w:0.##}\" height=\"{Row - 6}\" rx=\"2\"><title>{Enc(label)}: {Enc(format(value))}</title></rect>"));
            sb.Append(Inv($"<text class=\"value\" x=\"{LabelWidth + w + 6:0.##}\" y=\"{y + 14}\">{Enc(format(value))}</text>"));
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>Each try as a bar from its start to its finish, one row per try, coloured by outcome.</summary>
    public static string Timeline(IReadOnlyList<UnitMetrics> tries)
    {
        var start = tries.Min(t => t.StartedAt);
        var end = tries.Max(t => t.FinishedAt > t.StartedAt ? t.FinishedAt : t.StartedAt);
        var span = Math.Max((end - start).TotalSeconds, 0.001);
        var width = LabelWidth + BarArea + ValueWidth;
        var height = tries.Count * Row + 28;
        var sb = new StringBuilder();
        sb.Append(Inv($"<svg class=\"chart\" role=\"img\" aria-label=\"Timeline of units\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\">"));
        sb.Append("<title>Timeline of units</title>");
        for (var i = 0; i < tries.Count; i++)
        {
            var t = tries[i];
            var y = i * Row + 4;
            var x = LabelWidth + (t.StartedAt - start).TotalSeconds / span * BarArea;
            var w = Math.Max(2, (t.FinishedAt - t.StartedAt).TotalSeconds / span * BarArea);
            var label = t.Attempt > 1 ? $"{t.Type} {t.Id} (try {t.Attempt})" : $"{t.Type} {t.Id}";
            var tip = $"{label}: {t.Outcome}, {ReportFormat.Duration(t.FinishedAt - t.StartedAt)}, from {ReportFormat.Time(t.StartedAt)}";
            sb.Append(Inv($"<text class=\"label\" x=\"{LabelWidth - 8}\" y=\"{y + 14}\" text-anchor=\"end\">{Enc(Shorten(label))}</text>"));
            sb.Append(Inv($"<rect class=\"try {ReportFormat.OutcomeClass(t.Outcome)}\" x=\"{x:0.##}\" y=\"{y + 2}\" width=\"{w:0.##}\" height=\"{Row - 6}\" rx=\"2\"><title>{Enc(tip)}</title></rect>"));
        }
        var axis = tries.Count * Row + 20;
        sb.Append(Inv($"<text class=\"axis\" x=\"{LabelWidth}\" y=\"{axis}\">{Enc(ReportFormat.Time(start))}</text>"));
        sb.Append(Inv($"<text class=\"axis\" x=\"{LabelWidth + BarArea}\" y=\"{axis}\" text-anchor=\"end\">{Enc(ReportFormat.Time(end))} (+{Enc(ReportFormat.Duration(end - start))})</text>"));
        sb.Append("</svg>");
        return sb.ToString();
    }

    private static string Shorten(string label) => label.Length <= 34 ? label : label[..33] + "…";

    private static string Enc(string text) => WebUtility.HtmlEncode(text);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
