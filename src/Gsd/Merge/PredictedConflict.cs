namespace Gsd.Merge;

/// <summary>
/// The files that would conflict (outside <c>.gsd/</c>) if <see cref="Right"/> were merged with <see cref="Left"/> now;
/// <see cref="Left"/> is the integration branch for a branch-vs-integration prediction. Empty when they merge cleanly.
/// </summary>
public sealed record PredictedConflict(string Left, string Right, IReadOnlyList<string> Files)
{
    public bool HasConflict => Files.Count > 0;
}
