using Gsd.Merge;

namespace Gsd.Rendering;

/// <summary><c>gsd parallel merge --json</c> (ARCHITECTURE §8).</summary>
public sealed record MergeReport(IReadOnlyList<MergeReportItem> Results)
{
    public static MergeReport From(IReadOnlyList<MergeResult> results) => new(results.Select(MergeReportItem.From).ToList());
}

public sealed record MergeReportItem(string MilestoneId, string Outcome, IReadOnlyList<string> ConflictFiles, string? Commit, string? Error, string? ResolveHint)
{
    public static MergeReportItem From(MergeResult r) =>
        new(r.MilestoneId, r.Outcome.ToString().ToLowerInvariant(), r.ConflictFiles, r.Commit, r.Error, r.ResolveHint);
}
