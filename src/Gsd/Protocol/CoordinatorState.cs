using System.Text.Json.Serialization;

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

public sealed record MilestoneRun(RunState State, int Restarts = 0, string? Error = null)
{
    public IReadOnlyList<string> ConflictFiles { get; init; } = [];

    public string? MergedCommit { get; init; }

    /// <summary>The worker process last launched for it, so one that dies before its first heartbeat is still noticed.</summary>
    public int WorkerPid { get; init; }

    public long WorkerStartedAt { get; init; }

    public DateTimeOffset? LaunchedAt { get; init; }
}

/// <summary>A milestone's state in the coordinator's run (lower-case in JSON, as <see cref="RunStates.Name"/> writes it).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunState>))]
public enum RunState
{
    [JsonStringEnumMemberName("queued")]
    Queued,

    [JsonStringEnumMemberName("running")]
    Running,

    [JsonStringEnumMemberName("complete")]
    Complete,

    [JsonStringEnumMemberName("merged")]
    Merged,

    [JsonStringEnumMemberName("conflict")]
    Conflict,

    [JsonStringEnumMemberName("crashed")]
    Crashed,

    [JsonStringEnumMemberName("stopped")]
    Stopped,

    [JsonStringEnumMemberName("blocked")]
    Blocked,

    /// <summary>The merge failed (pre-merge check, integration branch moved, dirty checkout): held until `merge` retries.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>The worker could not run: its worktree could not be made, or it ended in state error.</summary>
    [JsonStringEnumMemberName("error")]
    Error,
}

public static class RunStates
{
    /// <summary>The name files, events and output use (every state is one lower-case word).</summary>
    public static string Name(this RunState state) => state.ToString().ToLowerInvariant();
}
