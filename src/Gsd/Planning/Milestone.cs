namespace Gsd.Planning;

/// <summary>
/// One milestone directory, read from the files alone. <see cref="Status"/> is Complete/Parked/Ghost from its own
/// files, else Ready or Blocked from its dependencies' statuses in the same project.
/// </summary>
public sealed record Milestone(
    string Id,
    string Title,
    MilestoneStatus Status,
    IReadOnlyList<string> DependsOn,
    IReadOnlyList<Slice> Slices,
    RoadmapFormat RoadmapFormat,
    string Directory,
    bool HasContext,
    bool HasRoadmap,
    bool HasSummary,
    bool IsParked,
    string? IntegrationBranch,
    IReadOnlyList<string> FilesTouched)
{
    public bool IsComplete => Status == MilestoneStatus.Complete;

    public bool IsGhost => Status == MilestoneStatus.Ghost;

    public int SlicesTotal => Slices.Count;

    public int SlicesDone => Slices.Count(s => s.IsDone);

    public int TasksTotal => Slices.Sum(s => s.Tasks.Count);

    public int TasksDone => Slices.Sum(s => s.Tasks.Count(t => t.Done));

    /// <summary>Dependencies not yet complete (unknown ids included) — what a blocked milestone waits for.</summary>
    public IReadOnlyList<string> WaitingFor { get; init; } = [];
}
