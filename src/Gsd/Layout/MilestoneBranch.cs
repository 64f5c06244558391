namespace Gsd.Layout;

/// <summary>The branch a milestone is worked on: <c>milestone/&lt;MID&gt;</c>, the one spelling of that prefix.</summary>
public static class MilestoneBranch
{
    public const string Prefix = "milestone/";

    /// <summary><c>milestone/M002</c>; a malformed id throws, so no id can name another branch.</summary>
    public static string Name(string milestoneId) =>
        MilestoneId.IsValid(milestoneId)
            ? Prefix + milestoneId
            : throw new ArgumentException($"'{milestoneId}' is not a milestone id (M###).", nameof(milestoneId));

    /// <summary>The milestone id of a <c>milestone/&lt;MID&gt;</c> branch, or null for any other branch.</summary>
    public static string? MilestoneOf(string branch) =>
        branch.StartsWith(Prefix, StringComparison.Ordinal) && MilestoneId.IsValid(branch[Prefix.Length..])
            ? branch[Prefix.Length..]
            : null;
}
