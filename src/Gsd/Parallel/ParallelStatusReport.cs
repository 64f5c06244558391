namespace Gsd.Parallel;

/// <summary>The <c>gsd parallel status --json</c> document (DESIGN §8), built from the files alone.</summary>
public sealed record ParallelStatusReport(
    CoordinatorInfo Coordinator,
    IReadOnlyList<WorkerView> Workers,
    decimal TotalCost,
    decimal? BudgetCeiling,
    bool BudgetReached,
    IReadOnlyList<string> ReadyToMerge,
    IReadOnlyList<PredictedConflict> PredictedConflicts);

public sealed record CoordinatorInfo(int? Pid, bool Alive, string? RunId, double? HeartbeatAgeSeconds, string? ExitReason)
{
    /// <summary>The whole run is paused: no new workers start.</summary>
    public bool Paused { get; init; }

    /// <summary>The whole run was told to stop: no new workers start; it ends once none runs.</summary>
    public bool Stopping { get; init; }
}

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
    string? RunState);

/// <summary>Two branches (or a branch and the integration branch, <see cref="B"/> null) that will conflict on <see cref="Files"/>.</summary>
public sealed record PredictedConflict(string A, string? B, IReadOnlyList<string> Files);
