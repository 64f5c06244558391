using Gsd.Protocol;

namespace Gsd.Reports;

/// <summary>
/// Everything `.gsd/reports/&lt;MID&gt;.html` shows, gathered once (<see cref="ReportGatherer"/>) and rendered without further
/// reads (<see cref="ReportHtml"/>): the plan as last seen, every try the ledgers recorded, the files changed and the merge.
/// </summary>
public sealed record MilestoneReport(
    string MilestoneId,
    string Title,
    string Status,
    string PlanningSource,
    IReadOnlyList<ReportSlice> Slices,
    IReadOnlyList<UnitMetrics> Tries,
    ReportChanges Changes,
    ReportMerge? Merge,
    DateTimeOffset GeneratedAt)
{
    /// <summary>The tries grouped by unit, in the order each unit first ran.</summary>
    public IReadOnlyList<ReportUnit> Units { get; } = Tries
        .GroupBy(t => (t.Type, t.Id))
        .Select(g => new ReportUnit(g.Key.Type, g.Key.Id, g.OrderBy(t => t.StartedAt).ToList()))
        .OrderBy(u => u.Tries[0].StartedAt)
        .ToList();

    public decimal TotalCost => Tries.Sum(t => t.Cost);

    public long TotalTokens => Tries.Sum(t => t.Tokens.Total);

    /// <summary>Tries that did not succeed (failed, timed out, interrupted): the retries' reasons.</summary>
    public IReadOnlyList<UnitMetrics> FailedTries => Tries.Where(t => t.Outcome != "succeeded").OrderBy(t => t.StartedAt).ToList();
}

/// <summary>A slice of the roadmap with its tasks; <see cref="Done"/> as the roadmap marks it (or its summary, when the form has no marker).</summary>
public sealed record ReportSlice(string Id, string Title, bool Done, IReadOnlyList<ReportTask> Tasks);

public sealed record ReportTask(string Id, string Title, bool Done);

/// <summary>One unit (plan-milestone, execute-task, …) and its tries, oldest first.</summary>
public sealed record ReportUnit(string Type, string Id, IReadOnlyList<UnitMetrics> Tries)
{
    public decimal Cost => Tries.Sum(t => t.Cost);

    public long Tokens => Tries.Sum(t => t.Tokens.Total);

    /// <summary>The outcome of its last try.</summary>
    public string Outcome => Tries[^1].Outcome;
}

/// <summary>Files the milestone changed and where that list comes from (the merge commit, the branch against its base, or its commits).</summary>
public sealed record ReportChanges(string Source, IReadOnlyList<string> Files, string? Error = null);

/// <summary>The milestone's last merge outcome in merges.json.</summary>
public sealed record ReportMerge(string Outcome, string? Commit, string? IntegrationBranch, DateTimeOffset At, string? Error);
