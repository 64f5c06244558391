namespace Gsd.Merge;

/// <summary>
/// What a merge did. <see cref="Commit"/> is the squash commit when merged; <see cref="Error"/> says why when failed or
/// skipped; <see cref="ResolveHint"/> gives the exact commands to resolve a conflict in the milestone's worktree.
/// </summary>
public sealed record MergeResult(
    string MilestoneId,
    MergeOutcome Outcome,
    IReadOnlyList<string> ConflictFiles,
    string? Commit,
    string? Error,
    string? ResolveHint)
{
    public static MergeResult Merged(string milestoneId, string commit) => new(milestoneId, MergeOutcome.Merged, [], commit, null, null);

    public static MergeResult Failed(string milestoneId, string error) => new(milestoneId, MergeOutcome.Failed, [], null, error, null);

    public static MergeResult Skipped(string milestoneId, string reason) => new(milestoneId, MergeOutcome.Skipped, [], null, reason, null);

    public static MergeResult Conflict(string milestoneId, IReadOnlyList<string> files, string hint) =>
        new(milestoneId, MergeOutcome.Conflict, files, null, $"Merge conflict in {files.Count} file(s): {string.Join(", ", files)}", hint);
}
