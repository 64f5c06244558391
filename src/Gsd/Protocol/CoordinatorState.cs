namespace Gsd.Protocol;

/// <summary><c>.gsd/parallel/coordinator.json</c>: the coordinator's heartbeat, run, config snapshot and per-milestone run state.</summary>
public sealed record CoordinatorState
{
    public int Pid { get; init; }

    public long ProcessStartedAt { get; init; }

    public required string RunId { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset LastHeartbeat { get; init; }

    public required RunConfig Config { get; init; }

    /// <summary>Per milestone of this run: queued | running | complete | merged | conflict | crashed | stopped | blocked | failed | error.</summary>
    public Dictionary<string, MilestoneRun> Milestones { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The run's aggregate cost at the last tick (live and finished workers).</summary>
    public decimal SpentCost { get; init; }

    /// <summary>Cost of workers whose status files were removed after their merge; kept so the ceiling still counts it.</summary>
    public decimal RetiredCost { get; init; }

    public bool BudgetReached { get; init; }

    /// <summary>Conflicts predicted by merge-tree after the last unit commits (branch vs integration, and pairs).</summary>
    public IReadOnlyList<MilestoneConflict> PredictedConflicts { get; init; } = [];

    /// <summary>Paused by `gsd parallel pause` (whole run): no new workers start until `resume`.</summary>
    public bool Paused { get; init; }

    /// <summary>Told to stop (whole run): no new workers start; it exits once none runs.</summary>
    public bool Stopping { get; init; }

    /// <summary>Last coordinator signal handled (pause/resume/stop of the whole run).</summary>
    public long SignalSeq { get; init; }

    /// <summary>Set when the coordinator exits: why (all done, budget reached, stopped).</summary>
    public string? ExitReason { get; init; }
}

public sealed record RunConfig(int MaxWorkers, decimal? BudgetCeiling, string AutoMerge, string MergeStrategy, int MaxRestarts);

public sealed record MilestoneRun(string State, int Restarts = 0, string? Error = null)
{
    public IReadOnlyList<string> ConflictFiles { get; init; } = [];

    public string? MergedCommit { get; init; }

    /// <summary>The worker process last launched for it, so one that dies before its first heartbeat is still noticed.</summary>
    public int WorkerPid { get; init; }

    public long WorkerStartedAt { get; init; }

    public DateTimeOffset? LaunchedAt { get; init; }
}

public static class RunStates
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Complete = "complete";
    public const string Merged = "merged";
    public const string Conflict = "conflict";
    public const string Crashed = "crashed";
    public const string Stopped = "stopped";
    public const string Blocked = "blocked";
    /// <summary>The merge failed (pre-merge check, integration branch moved, dirty checkout): held until `merge` retries.</summary>
    public const string Failed = "failed";

    /// <summary>The worker could not run: its worktree could not be made, or it ended in state error.</summary>
    public const string Error = "error";
}
