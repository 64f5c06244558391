namespace Gsd.Git;

/// <summary>One worktree as <c>git worktree list --porcelain</c> reports it. <see cref="Branch"/> is the full ref (<c>refs/heads/…</c>), null when detached.</summary>
public sealed record WorktreeInfo(string Path, string? Head, string? Branch, bool IsMain, bool IsBare, bool IsDetached, bool IsLocked, bool IsPrunable)
{
    /// <summary>The branch's short name (<c>milestone/M001</c>), or null when detached.</summary>
    public string? BranchName => Branch is not null && Branch.StartsWith("refs/heads/", StringComparison.Ordinal) ? Branch["refs/heads/".Length..] : Branch;
}
