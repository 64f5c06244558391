namespace Gsd.Protocol;

/// <summary>
/// <c>.gsd/parallel/merges.json</c>: the last merge outcome of each milestone and the slices already landed (per-slice).
/// Written only by the merge queue, so it never races the coordinator's own file.
/// </summary>
public sealed record MergeLedgerFile
{
    public Dictionary<string, MergeRecord> Milestones { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>Outcome is merged | conflict | failed | skipped (as in `merge --json`).</summary>
public sealed record MergeRecord(string Outcome, DateTimeOffset At, string? Commit, string? Error, IReadOnlyList<string> ConflictFiles)
{
    public IReadOnlyList<string> LandedSlices { get; init; } = [];

    public string? IntegrationBranch { get; init; }

    /// <summary>Worker cost carried over once its status file is gone, so the run's budget still counts it.</summary>
    public decimal Cost { get; init; }
}
