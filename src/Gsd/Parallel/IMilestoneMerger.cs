namespace Gsd.Parallel;

/// <summary>What the coordinator needs from the merge queue under auto_merge: auto.</summary>
public interface IMilestoneMerger
{
    Task<MergeSummary> MergeAsync(string milestoneId);
}

/// <summary>A merge as the run records it: State is a <see cref="RunStates"/> value (merged, conflict, failed).</summary>
public sealed record MergeSummary(string State, string? Commit, string? Error, IReadOnlyList<string> ConflictFiles);
