namespace Gsd.Preferences;

/// <summary>The <c>git:</c> section. Null everywhere means "not set".</summary>
public sealed record GitPreferences
{
    /// <summary>Integration branch; null = the branch checked out when the milestone starts.</summary>
    public string? MainBranch { get; init; }

    /// <summary>Shell command run on the merged result before it lands; null = none.</summary>
    public string? PreMergeCheck { get; init; }

    /// <summary>Shell command run in each new worktree; null = none.</summary>
    public string? WorktreePostCreate { get; init; }
}
