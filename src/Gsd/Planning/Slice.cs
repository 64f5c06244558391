namespace Gsd.Planning;

/// <summary>
/// A slice as declared in the ROADMAP (checkbox, table or heading form). <see cref="Done"/> is the roadmap's
/// marker (null when the form has none). <see cref="HasPlan"/> is false when there is no S##-PLAN.md;
/// <see cref="HasSummary"/> is true when S##-SUMMARY.md exists and is no failure report.
/// </summary>
public sealed record Slice(
    string Id,
    string Title,
    bool? Done,
    IReadOnlyList<string> DependsOn,
    string? Risk,
    int Line,
    bool HasPlan,
    bool HasSummary,
    IReadOnlyList<PlannedTask> Tasks,
    IReadOnlyList<string> FilesLikelyTouched)
{
    public bool IsDone => Done == true;

    /// <summary>True when S##-SUMMARY.md exists but reads as a failure report (then <see cref="HasSummary"/> is false).</summary>
    public bool SummaryIsFailureReport { get; init; }
}
