namespace Gsd.Git;

/// <summary>One line of <c>git status --porcelain -z</c>: the two status letters and the root-relative path (plus the source of a rename).</summary>
public sealed record StatusEntry(char IndexStatus, char WorkTreeStatus, string Path, string? OriginalPath)
{
    public bool IsUntracked => IndexStatus == '?' && WorkTreeStatus == '?';

    public bool IsIgnored => IndexStatus == '!' && WorkTreeStatus == '!';

    /// <summary>A change to a tracked file, staged or not (what a merge into this checkout could clobber).</summary>
    public bool IsTrackedChange => !IsUntracked && !IsIgnored;

    /// <summary>Every path this entry concerns: the path and, for a rename or copy, where it came from.</summary>
    public IEnumerable<string> Paths => OriginalPath is null ? [Path] : [Path, OriginalPath];
}
