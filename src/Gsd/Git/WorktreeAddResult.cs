namespace Gsd.Git;

/// <summary>The worktree <see cref="WorktreeManager.AddAsync"/> made or found, and the commit it is on.</summary>
public sealed record WorktreeAddResult(string Path, string Branch, WorktreeBranchAction Action, string Head);
