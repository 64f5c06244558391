using System.Text.Json.Serialization;

namespace Gsd.Protocol;

/// <summary>
/// <c>.gsd/parallel/merges.json</c>: the last merge outcome of each milestone and the slices already landed (per-slice).
/// Written only by the merge queue, so it never races the coordinator's own file.
/// </summary>
public sealed record MergeLedgerFile
{
    public Dictionary<string, MergeRecord> Milestones { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>Outcome is merged | conflict | failed | skipped (as in `merge --json`), or pending while only slices landed.</summary>
public sealed record MergeRecord(MergeRecordOutcome Outcome, DateTimeOffset At, string? Commit, string? Error, IReadOnlyList<string> ConflictFiles)
{
    public IReadOnlyList<string> LandedSlices { get; init; } = [];

    public string? IntegrationBranch { get; init; }

    /// <summary>Worker cost carried over once its status file is gone, so the run's budget still counts it.</summary>
    public decimal Cost { get; init; }
}

/// <summary>The last merge outcome merges.json records for a milestone (lower-case in JSON).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MergeRecordOutcome>))]
public enum MergeRecordOutcome
{
    /// <summary>Not merged yet; only slices landed (per-slice).</summary>
    [JsonStringEnumMemberName("pending")]
    Pending,

    [JsonStringEnumMemberName("merged")]
    Merged,

    [JsonStringEnumMemberName("conflict")]
    Conflict,

    [JsonStringEnumMemberName("failed")]
    Failed,

    [JsonStringEnumMemberName("skipped")]
    Skipped,
}
