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

    /// <summary>
    /// The problem that kept its dependencies from being read (a CONTEXT frontmatter that is not YAML), or null. Such a
    /// milestone is Blocked until the file is fixed: read as "no dependencies" it could start before what it needs.
    /// </summary>
    public Problem? UnreadableDependencies { get; init; }

    /// <summary>Which file <see cref="Title"/> came from.</summary>
    public TitleSource TitleSource { get; init; }

    /// <summary>True when <c>M###-CONTEXT-DRAFT.md</c> exists (it supplies <see cref="DependsOn"/> only when there is no CONTEXT).</summary>
    public bool HasContextDraft { get; init; }

    /// <summary>
    /// True when <c>M###-SUMMARY.md</c> exists but is a failure report (frontmatter status active/pending/blocked/failed,
    /// a <c># BLOCKER</c> heading or "verification failed"), so the milestone is not complete.
    /// </summary>
    public bool SummaryIsFailureReport { get; init; }

    /// <summary>Where each <see cref="DependsOn"/> id was written (file relative to the root, and line).</summary>
    public IReadOnlyDictionary<string, SourceLocation> DependencySources { get; init; } = new Dictionary<string, SourceLocation>();

    /// <summary>Problems found in this milestone's own files (also listed in <see cref="PlanningProject.Problems"/>).</summary>
    public IReadOnlyList<Problem> Problems { get; init; } = [];
}
