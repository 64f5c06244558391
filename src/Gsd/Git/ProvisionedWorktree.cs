namespace Gsd.Git;

/// <summary>
/// A milestone's worktree, ready for its worker. <paramref name="Fresh"/>: gsd has just checked it out from a commit (and
/// ran no post-create hook), so it holds no uncommitted change a worker would have to save first.
/// </summary>
public sealed record ProvisionedWorktree(string Path, bool Fresh);
