using System.Globalization;
using System.Net;
using System.Text;
using Gsd.Layout;
using Gsd.Protocol;

namespace Gsd.Reports;

/// <summary>
/// Renders a <see cref="MilestoneReport"/> as one self-contained HTML page: inline CSS (light and dark by
/// prefers-color-scheme), inline SVG charts, no script and no external reference. Every planning, agent and git string is
/// HTML-encoded, so a hostile title shows as text.
/// </summary>
public static class ReportHtml
{
    private const string Style = """
        :root { color-scheme: light dark; --bg: #ffffff; --fg: #1f2328; --muted: #656d76; --line: #d0d7de; --card: #f6f8fa;
          --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; --cost: #0969da; --tokens: #8250df; }
        @media (prefers-color-scheme: dark) { :root { --bg: #0d1117; --fg: #e6edf3; --muted: #8d96a0; --line: #30363d; --card: #161b22;
          --ok: #3fb950; --bad: #f85149; --warn: #d29922; --cost: #4493f8; --tokens: #ab7df8; } }
        body { background: var(--bg); color: var(--fg); font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 980px; padding: 0 1rem; }
        h1 { font-size: 1.6rem; margin-bottom: .2rem; } h3 { font-size: 1rem; margin: 1rem 0 .2rem; color: var(--muted); } h2 { border-bottom: 1px solid var(--line); padding-bottom: .3rem; margin-top: 2rem; }
        .muted, .note { color: var(--muted); } code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12.5px; }
        pre { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: .6rem; white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; }
        .cards { display: flex; flex-wrap: wrap; gap: .8rem; margin: 1rem 0; }
        .card { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: .5rem .9rem; min-width: 120px; }
        .card b { display: block; font-size: 1.2rem; }
        table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { color: var(--muted); font-weight: 600; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        .ok { color: var(--ok); } .bad { color: var(--bad); } .warn { color: var(--warn); }
        .slice { font-weight: 600; background: var(--card); }
        svg.chart { max-width: 100%; height: auto; display: block; margin: .5rem 0; }
        svg text { fill: var(--fg); font-size: 12px; } svg text.value, svg text.axis { fill: var(--muted); }
        rect.cost { fill: var(--cost); } rect.tokens { fill: var(--tokens); }
        rect.try.ok { fill: var(--ok); } rect.try.bad { fill: var(--bad); } rect.try.warn { fill: var(--warn); }
        ul.files { columns: 2; padding-left: 1.2rem; } @media (max-width: 700px) { ul.files { columns: 1; } }
        """;

    public static string Render(MilestoneReport report)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append(Inv($"<title>{E(report.MilestoneId)}: {E(report.Title)} — gsd report</title>\n<style>\n{Style}\n</style>\n</head>\n<body>\n"));
        Header(html, report);
        Slices(html, report);
        Charts(html, report);
        Retries(html, report);
        Files(html, report);
        html.Append(Inv($"<p class=\"note\">Written by gsd at {E(ReportFormat.Time(report.GeneratedAt))}; refresh it with <code>gsd report {E(report.MilestoneId)}</code>.</p>\n"));
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void Header(StringBuilder html, MilestoneReport r)
    {
        html.Append(Inv($"<h1>{E(r.MilestoneId)}: {E(r.Title)}</h1>\n"));
        html.Append(Inv($"<p class=\"muted\">Status <b>{E(r.Status)}</b> · plan read from {E(r.PlanningSource)}</p>\n"));
        var doneSlices = r.Slices.Count(s => s.Done);
        var tasks = r.Slices.SelectMany(s => s.Tasks).ToList();
        var retries = r.Tries.Count - r.Units.Count;
        html.Append("<div class=\"cards\">");
        Card(html, "slices done", $"{doneSlices} / {r.Slices.Count}");
        Card(html, "tasks done", $"{tasks.Count(t => t.Done)} / {tasks.Count}");
        Card(html, "units run", r.Units.Count.ToString(CultureInfo.InvariantCulture));
        Card(html, "retries", retries.ToString(CultureInfo.InvariantCulture));
        Card(html, "cost", ReportFormat.Cost(r.TotalCost));
        Card(html, "tokens", ReportFormat.Tokens(r.TotalTokens));
        if (r.Tries.Count > 0)
        {
            Card(html, "wall time", ReportFormat.Duration(r.Tries.Max(t => t.FinishedAt) - r.Tries.Min(t => t.StartedAt)));
        }
        html.Append("</div>\n");
        html.Append("<h2>Merge</h2>\n");
        if (r.Merge is null)
        {
            html.Append("<p id=\"merge\">Not merged yet: merges.json has no record of this milestone.</p>\n");
        }
        else if (r.Merge.Outcome == "merged" && r.Merge.Commit is { Length: > 0 } commit)
        {
            html.Append(Inv($"<p id=\"merge\">Merged into <b>{E(r.Merge.IntegrationBranch ?? "its integration branch")}</b> as commit <code class=\"merge-commit\">{E(commit)}</code> at {E(ReportFormat.Time(r.Merge.At))}.</p>\n"));
        }
        else
        {
            html.Append(Inv($"<p id=\"merge\">Last merge: <b class=\"{(r.Merge.Outcome is "conflict" or "failed" ? "bad" : "warn")}\">{E(r.Merge.Outcome)}</b> at {E(ReportFormat.Time(r.Merge.At))}.</p>\n"));
            if (r.Merge.Error is { Length: > 0 } error)
            {
                html.Append(Inv($"<pre>{E(error)}</pre>\n"));
            }
        }
    }

    private static void Slices(StringBuilder html, MilestoneReport r)
    {
        html.Append("<h2>Slices and tasks</h2>\n");
        var byId = r.Units.ToDictionary(u => (u.Type, u.Id));
        var milestoneUnits = r.Units.Where(u => u.Id == r.MilestoneId).ToList();
        if (r.Slices.Count == 0)
        {
            html.Append("<p class=\"note\">No slices planned yet (no roadmap, or it lists none).</p>\n");
        }
        html.Append("<table>\n<tr><th>Unit</th><th>Title</th><th>Outcome</th><th class=\"num\">Tries</th><th class=\"num\">Cost</th><th class=\"num\">Tokens</th></tr>\n");
        foreach (var unit in milestoneUnits.Where(u => u.Type != "complete-milestone"))
        {
            UnitRow(html, unit, unit.Type, string.Empty);
        }
        foreach (var slice in r.Slices)
        {
            var sliceId = $"{r.MilestoneId}/{slice.Id}";
            var sliceUnits = r.Units.Where(u => u.Id == sliceId).ToList();
            html.Append(Inv($"<tr class=\"slice\"><td>{E(slice.Id)}</td><td>{E(slice.Title)}</td><td>{Done(slice.Done)}</td>"));
            html.Append(Inv($"<td class=\"num\">{sliceUnits.Sum(u => u.Tries.Count)}</td><td class=\"num\">{E(ReportFormat.Cost(sliceUnits.Sum(u => u.Cost)))}</td><td class=\"num\">{E(ReportFormat.Tokens(sliceUnits.Sum(u => u.Tokens)))}</td></tr>\n"));
            foreach (var task in slice.Tasks)
            {
                var unit = byId.GetValueOrDefault(("execute-task", $"{sliceId}/{task.Id}"));
                html.Append(Inv($"<tr class=\"task\"><td>&nbsp;&nbsp;{E(task.Id)}</td><td>{E(task.Title)}</td><td>{(unit is null ? Done(task.Done) : Outcome(unit.Outcome))}</td>"));
                html.Append(unit is null
                    ? "<td class=\"num\">0</td><td class=\"num\">—</td><td class=\"num\">—</td></tr>\n"
                    : Inv($"<td class=\"num\">{unit.Tries.Count}</td><td class=\"num\">{E(ReportFormat.Cost(unit.Cost))}</td><td class=\"num\">{E(ReportFormat.Tokens(unit.Tokens))}</td></tr>\n"));
            }
        }
        foreach (var unit in milestoneUnits.Where(u => u.Type == "complete-milestone"))
        {
            UnitRow(html, unit, unit.Type, string.Empty);
        }
        html.Append("</table>\n");
        html.Append("<p class=\"note\">A slice row sums its plan-slice and complete-slice units; its tasks' own rows follow it.</p>\n");
    }

    private static void UnitRow(StringBuilder html, ReportUnit unit, string title, string indent) =>
        html.Append(Inv($"<tr><td>{indent}{E(unit.Id)}</td><td>{E(title)}</td><td>{Outcome(unit.Outcome)}</td><td class=\"num\">{unit.Tries.Count}</td><td class=\"num\">{E(ReportFormat.Cost(unit.Cost))}</td><td class=\"num\">{E(ReportFormat.Tokens(unit.Tokens))}</td></tr>\n"));

    private static void Charts(StringBuilder html, MilestoneReport r)
    {
        html.Append("<h2>Cost and tokens per unit</h2>\n");
        if (r.Tries.Count == 0)
        {
            html.Append(Inv($"<p class=\"note\" id=\"no-metrics\">No metrics recorded yet for {E(r.MilestoneId)}: no unit has run, or its ledger (.gsd/metrics.json) is gone.</p>\n"));
            return;
        }
        var labels = r.Units.Select(u => $"{u.Type} {u.Id}").ToList();
        html.Append("<h3>Cost (USD, all tries)</h3>\n");
        html.Append(SvgCharts.Bars("Cost per unit (USD)", r.Units.Select((u, i) => (labels[i], (double)u.Cost)).ToList(), v => ReportFormat.Cost((decimal)v), "cost"));
        html.Append("\n<h3>Tokens (all tries)</h3>\n");
        html.Append(SvgCharts.Bars("Tokens per unit", r.Units.Select((u, i) => (labels[i], (double)u.Tokens)).ToList(), v => ReportFormat.Tokens((long)v), "tokens"));
        html.Append("\n<h2>Timeline</h2>\n");
        html.Append("<p class=\"muted\">Each try from its start to its finish: <span class=\"ok\">succeeded</span>, <span class=\"bad\">failed or timed out</span>, <span class=\"warn\">interrupted</span>.</p>\n");
        html.Append(SvgCharts.Timeline(r.Tries));
        html.Append('\n');
    }

    private static void Retries(StringBuilder html, MilestoneReport r)
    {
        html.Append("<h2>Retries and their reasons</h2>\n");
        var failed = r.FailedTries;
        if (failed.Count == 0)
        {
            html.Append("<p class=\"note\">Every unit succeeded on its first try.</p>\n");
            return;
        }
        html.Append("<table>\n<tr><th>Unit</th><th class=\"num\">Try</th><th>Outcome</th><th>When</th><th>Reason</th></tr>\n");
        foreach (var t in failed)
        {
            html.Append(Inv($"<tr><td>{E(t.Type)} {E(t.Id)}</td><td class=\"num\">{t.Attempt}</td><td>{Outcome(t.Outcome)}</td><td>{E(ReportFormat.Time(t.StartedAt))}</td>"));
            html.Append(Inv($"<td><pre class=\"reason\">{E(t.Failure ?? "(no reason recorded)")}</pre></td></tr>\n"));
        }
        html.Append("</table>\n");
    }

    private static void Files(StringBuilder html, MilestoneReport r)
    {
        var code = r.Changes.Files.Where(f => !GsdPaths.IsGsdPath(f)).ToList();
        var planning = r.Changes.Files.Where(GsdPaths.IsGsdPath).ToList();
        html.Append(Inv($"<h2>Files changed ({code.Count})</h2>\n"));
        if (r.Changes.Error is { } error)
        {
            html.Append(Inv($"<p class=\"bad\">Could not list the files changed: git said:</p>\n<pre>{E(error)}</pre>\n"));
            return;
        }
        html.Append(Inv($"<p class=\"muted\">From {E(r.Changes.Source)}; {planning.Count} planning file(s) under .gsd/ not listed.</p>\n"));
        if (code.Count == 0)
        {
            html.Append("<p class=\"note\">No code files changed.</p>\n");
            return;
        }
        html.Append("<ul class=\"files\">\n");
        foreach (var file in code)
        {
            html.Append(Inv($"<li><code>{E(file)}</code></li>\n"));
        }
        html.Append("</ul>\n");
    }

    private static void Card(StringBuilder html, string label, string value) =>
        html.Append(Inv($"<div class=\"card\"><b>{E(value)}</b><span class=\"muted\">{E(label)}</span></div>"));

    private static string Done(bool done) => done ? "<span class=\"ok\">done</span>" : "<span class=\"muted\">not done</span>";

    private static string Outcome(string outcome) => Inv($"<span class=\"{ReportFormat.OutcomeClass(outcome)}\">{E(outcome)}</span>");

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
