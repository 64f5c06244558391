using System.Text.Json.Serialization;

namespace Gsd.Protocol;

/// <summary><c>.gsd/parallel/&lt;MID&gt;.status.json</c>, written only by the worker (ARCHITECTURE §6).</summary>
public sealed record WorkerStatus
{
    public required string MilestoneId { get; init; }

    /// <summary>The parallel run that launched this worker (GSD_RUN_ID); null for a worker started outside a run.</summary>
    public string? RunId { get; init; }

    public int Pid { get; init; }

    /// <summary>Process start time (ticks since boot from /proc) so a reused pid is told apart.</summary>
    public long ProcessStartedAt { get; init; }

    /// <summary>starting | running | waiting | pausing | paused | stopping | stopped | complete | blocked | error</summary>
    public required WorkerState State { get; init; }

    public UnitRef? CurrentUnit { get; init; }

    public int CompletedUnits { get; init; }

    public Progress Progress { get; init; } = new();

    public decimal Cost { get; init; }

    /// <summary>True when some unit's agent printed no cost (codex): <see cref="Cost"/> counts only reported costs; omitted otherwise.</summary>
    public bool? CostUnknown { get; init; }

    public DateTimeOffset LastHeartbeat { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public string? Worktree { get; init; }

    public string? Branch { get; init; }

    public long SignalSeq { get; init; }

    public string? Error { get; init; }

    /// <summary>Pid (and process group) of the agent the worker is running, so `stop` can end it if the worker is killed.</summary>
    public int? AgentPid { get; init; }

    /// <summary>While <see cref="WorkerState.Waiting"/>: when it goes on (UTC).</summary>
    public DateTimeOffset? WaitingUntil { get; init; }

    /// <summary>While <see cref="WorkerState.Waiting"/>: the agent's words that made it wait (a usage limit, an overloaded API).</summary>
    public string? WaitReason { get; init; }

    /// <summary>Tool uses the agent was denied in its last run (e.g. <c>Bash: npm test</c>); null when none.</summary>
    public IReadOnlyList<string>? PermissionDenials { get; init; }

    /// <summary>What the agent is doing now, from its event stream (e.g. <c>Bash: npm test</c>); null between units.</summary>
    public string? Activity { get; init; }

    /// <summary>USD the unit running now has cost so far (an estimate until the agent reports its cost); null between units.</summary>
    public decimal? UnitCostSoFar { get; init; }
}

public sealed record UnitRef(string Type, string Id, DateTimeOffset StartedAt);

public sealed record Progress(int SlicesDone = 0, int SlicesTotal = 0, int TasksDone = 0, int TasksTotal = 0);

/// <summary>A worker's state as its status file names it (lower-case in JSON, as <see cref="WorkerStates.Name"/> writes it).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WorkerState>))]
public enum WorkerState
{
    [JsonStringEnumMemberName("starting")]
    Starting,

    [JsonStringEnumMemberName("running")]
    Running,

    /// <summary>Told to pause mid-unit: it finishes the unit, then writes <see cref="Paused"/>.</summary>
    [JsonStringEnumMemberName("pausing")]
    Pausing,

    [JsonStringEnumMemberName("paused")]
    Paused,

    /// <summary>Held by a usage/rate limit or a transient provider error until <see cref="WorkerStatus.WaitingUntil"/>; no try is spent.</summary>
    [JsonStringEnumMemberName("waiting")]
    Waiting,

    [JsonStringEnumMemberName("stopping")]
    Stopping,

    [JsonStringEnumMemberName("stopped")]
    Stopped,

    [JsonStringEnumMemberName("complete")]
    Complete,

    [JsonStringEnumMemberName("blocked")]
    Blocked,

    [JsonStringEnumMemberName("error")]
    Error,

    /// <summary>Shown by <c>status</c>, never written: the process is gone while its file says it is live.</summary>
    [JsonStringEnumMemberName("crashed")]
    Crashed,
}

public static class WorkerStates
{
    public static bool IsLive(WorkerState state) => state is WorkerState.Starting or WorkerState.Running or WorkerState.Waiting or WorkerState.Pausing or WorkerState.Paused or WorkerState.Stopping;

    public static bool IsFinal(WorkerState state) => state is WorkerState.Stopped or WorkerState.Complete or WorkerState.Blocked or WorkerState.Error;

    /// <summary>The name files, events and output use (every state is one lower-case word).</summary>
    public static string Name(this WorkerState state) => state.ToString().ToLowerInvariant();
}
