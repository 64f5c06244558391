namespace Gsd.Merge;

/// <summary>
/// A squash merge of <paramref name="Branch"/> into <paramref name="IntegrationBranch"/> as one commit with
/// <paramref name="CommitMessage"/> (title, blank line, body, trailers — built by the caller). <paramref name="ProjectRoot"/>
/// is the main checkout (the project root), not a milestone worktree.
/// </summary>
public sealed record MergeRequest(string ProjectRoot, string MilestoneId, string Branch, string IntegrationBranch, string CommitMessage)
{
    /// <summary>Shell command (<c>git.pre_merge_check</c>) run with <c>sh -c</c> on the merged result in a temporary worktree; non-zero exit = Failed.</summary>
    public string? PreMergeCheck { get; init; }

    /// <summary>Compare-and-swap: the integration branch must still be at this commit, else the merge fails with nothing changed.</summary>
    public string? ExpectedIntegrationTip { get; init; }

    /// <summary>Land this commit of the branch instead of its tip (per-slice landing while the worker goes on). Must be on the branch.</summary>
    public string? SourceCommit { get; init; }
}
