namespace Gsd.Parallel;

/// <summary>What the coordinator needs from the merge queue under auto_merge: auto.</summary>
public interface IMilestoneMerger
{
    Task<MergeSummary> MergeAsync(string milestoneId);

    /// <summary>merge_strategy: per-slice — lands each slice the branch completed since the last landing.</summary>
    Task<IReadOnlyList<MergeSummary>> LandSlicesAsync(string milestoneId);

    /// <summary>Conflicts merge-tree predicts for the active branches (against the integration branch and pairwise).</summary>
    Task<IReadOnlyList<PredictedConflict>> PredictAsync(IReadOnlyList<string> activeMilestones);
}

/// <summary>A merge as the run records it: State is a <see cref="RunStates"/> value (merged, conflict, failed).</summary>
public sealed record MergeSummary(string State, string? Commit, string? Error, IReadOnlyList<string> ConflictFiles);
