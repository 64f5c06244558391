namespace Gsd.Git;

/// <summary>What <see cref="WorktreeManager.AddAsync"/> did with the branch.</summary>
public enum WorktreeBranchAction
{
    /// <summary>The branch did not exist; it was created at the start point.</summary>
    Created,

    /// <summary>The branch existed at or ahead of the start point and was reused as it was.</summary>
    Reused,

    /// <summary>The branch existed strictly behind the start point and was fast-forwarded to it.</summary>
    FastForwarded,

    /// <summary>The branch existed and has diverged from the start point; it was reused as it was, nothing rewritten.</summary>
    Diverged,

    /// <summary>The worktree already existed at that path on that branch (e.g. restarting a crashed worker); nothing was changed.</summary>
    AlreadyPresent,
}
