using Gsd.Parallel;

namespace Gsd.Rendering;

/// <summary><c>gsd parallel start --json</c>.</summary>
public sealed record StartReport(
    IReadOnlyList<string> Eligible,
    IReadOnlyList<IneligibleMilestone> Ineligible,
    IReadOnlyList<FileOverlap> Overlaps,
    IReadOnlyList<string> Started,
    string? Message)
{
    /// <summary>Live workers of a coordinator that died, taken over by the new one.</summary>
    public IReadOnlyList<string> Adopted { get; init; } = [];

    /// <summary>Milestones that could not be started (worktree failed, no heartbeat), with why.</summary>
    public IReadOnlyList<StartedWorker> Failed { get; init; } = [];

    /// <summary>Milestones that completed while their coordinator was down, merged by this start's coordinator (auto_merge: auto).</summary>
    public IReadOnlyList<string> Merged { get; init; } = [];

    /// <summary>Every worker `start` waited for: pid, worktree, branch, state.</summary>
    public IReadOnlyList<StartedWorker> Workers { get; init; } = [];
}

/// <summary><c>gsd parallel stop|pause|resume --json</c>.</summary>
public sealed record ControlReport(IReadOnlyList<ControlResult> Results);
