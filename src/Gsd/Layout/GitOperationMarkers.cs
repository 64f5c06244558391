namespace Gsd.Layout;

/// <summary>A file git leaves in a git directory while an operation is stopped midway, and that operation's git command.</summary>
public sealed record GitOperationMarker(string File, string Operation);

/// <summary>
/// The one list of what git leaves in a git directory while a merge, cherry-pick, revert or rebase is stopped midway
/// (MERGE_HEAD, CHERRY_PICK_HEAD, REVERT_HEAD, rebase-merge/, rebase-apply/), for every reader: the unit commit guard,
/// doctor, and the root lookup that explains a missing <c>.gsd/</c>. Here in Layout because that lookup is below Git.
/// </summary>
public static class GitOperationMarkers
{
    /// <summary>The folders of a rebase in progress (merge backend and apply backend).</summary>
    public static IReadOnlyList<string> RebaseDirectories { get; } = ["rebase-merge", "rebase-apply"];

    /// <summary>The files of a stopped merge, cherry-pick or revert, in the order they are looked for.</summary>
    public static IReadOnlyList<GitOperationMarker> Files { get; } =
    [
        new("MERGE_HEAD", "merge"),
        new("CHERRY_PICK_HEAD", "cherry-pick"),
        new("REVERT_HEAD", "revert"),
    ];

    public static bool IsRebasing(string gitDir) => RebaseDirectories.Any(d => Directory.Exists(Path.Combine(gitDir, d)));

    /// <summary>The markers of <see cref="Files"/> present in <paramref name="gitDir"/>.</summary>
    public static IEnumerable<GitOperationMarker> Present(string gitDir) => Files.Where(m => IsPresent(gitDir, m));

    public static bool IsPresent(string gitDir, GitOperationMarker marker) => File.Exists(Path.Combine(gitDir, marker.File));

    /// <summary>
    /// "rebase", "merge", "cherry-pick" or "revert" when <paramref name="gitDir"/> is in the middle of one, else null. A
    /// rebase comes first: one stopped at a conflicting pick also leaves a pick's marker behind.
    /// </summary>
    public static string? InProgress(string gitDir) =>
        IsRebasing(gitDir) ? "rebase" : Present(gitDir).FirstOrDefault()?.Operation;
}
