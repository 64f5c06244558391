namespace Gsd.Merge;

/// <summary>
/// Whether a branch's work is provably on the integration branch: it has <see cref="OwnCommits"/> &gt; 0 commits not in the
/// integration branch's history, and merging it again would change nothing. <see cref="Reason"/> says why, either way.
/// </summary>
public sealed record ContainmentProof(bool Contained, string Reason, string? BranchTip, int OwnCommits);
