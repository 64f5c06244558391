using Gsd.Protocol;

namespace Gsd.Parallel;

/// <summary>The <c>gsd parallel status --json</c> document (ARCHITECTURE §8), built from the files alone.</summary>
public sealed record ParallelStatusReport(
    CoordinatorInfo Coordinator,
    IReadOnlyList<WorkerView> Workers,
    decimal TotalCost,
    decimal? BudgetCeiling,
    bool BudgetReached,
    IReadOnlyList<string> ReadyToMerge,
    IReadOnlyList<MilestoneConflict> PredictedConflicts);

public sealed record CoordinatorInfo(int? Pid, bool Alive, string? RunId, double? HeartbeatAgeSeconds, string? ExitReason)
{
    /// <summary>The whole run is paused: no new workers start.</summary>
    public bool Paused { get; init; }

    /// <summary>The whole run was told to stop: no new workers start; it ends once none runs.</summary>
    public bool Stopping { get; init; }
}

/// <summary>
/// One milestone in `status`: <paramref name="State"/> is its worker's state as shown (<c>crashed</c> included), or its run
/// state when it never wrote a status file; <paramref name="RunState"/> is its state in the run (merges.json has the last word on a merge).
/// </summary>
public sealed record WorkerView(
    string MilestoneId,
    string Title,
    string State,
    int Pid,
    UnitRef? CurrentUnit,
    int CompletedUnits,
    Progress Progress,
    decimal Cost,
    double HeartbeatAgeSeconds,
    string? Worktree,
    string? Branch,
    string? Error,
    RunState? RunState);

