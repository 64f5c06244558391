namespace Gsd.Git;

/// <summary>
/// A worktree <see cref="WorktreeManager.AddWithoutCheckoutAsync"/> registered but did not fill yet (or found already
/// complete): what <see cref="WorktreeManager.CheckOutAsync"/> needs to finish it. <paramref name="Tip"/> is an existing
/// branch's commit, null for a branch created at <paramref name="Start"/>.
/// </summary>
public sealed record PendingWorktree(string Path, string Branch, string Start, string? Tip, WorktreeAddResult? Present);
