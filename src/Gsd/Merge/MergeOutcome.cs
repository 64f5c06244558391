namespace Gsd.Merge;

public enum MergeOutcome
{
    /// <summary>The squash commit is on the integration branch.</summary>
    Merged,

    /// <summary>A conflict outside <c>.gsd/</c>; nothing was changed.</summary>
    Conflict,

    /// <summary>Refused or failed (dirty checkout, integration branch moved, pre-merge check, git error); nothing was changed.</summary>
    Failed,

    /// <summary>Nothing to do (the integration branch already has all of it), or not attempted.</summary>
    Skipped,
}
