using Gsd.Protocol;

namespace Gsd.Merge;

/// <summary>What the coordinator needs from the merge queue: merges under auto_merge: auto, slice landings under per-slice, predictions.</summary>
public interface IMilestoneMerger
{
    /// <summary>Merges a completed milestone (never throws for git, planning or IO errors: they come back as state failed).</summary>
    Task<MergeSummary> MergeAsync(string milestoneId);

    /// <summary>
    /// merge_strategy: per-slice — lands each slice the branch completed since the last landing as its own squash commit,
    /// while the worker goes on. Call after each unit commit of a running milestone; an empty list when nothing new landed.
    /// </summary>
    Task<IReadOnlyList<MergeSummary>> LandSlicesAsync(string milestoneId) => Task.FromResult<IReadOnlyList<MergeSummary>>([]);

    /// <summary>Conflicts <c>git merge-tree</c> predicts for each active branch against its integration branch and between each pair.</summary>
    Task<IReadOnlyList<MilestoneConflict>> PredictConflictsAsync(IReadOnlyList<string> activeMilestones) =>
        Task.FromResult<IReadOnlyList<MilestoneConflict>>([]);
}

/// <summary>A merge as the run records it: merged, conflict, failed; complete when it was not attempted.</summary>
public sealed record MergeSummary(RunState State, string? Commit, string? Error, IReadOnlyList<string> ConflictFiles);
