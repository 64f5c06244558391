namespace Gsd.Preferences;

/// <summary><c>parallel.merge_strategy</c>: per-milestone | per-slice.</summary>
public enum MergeStrategy
{
    PerMilestone,
    PerSlice,
}
