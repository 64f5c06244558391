namespace Gsd.Protocol;

/// <summary><c>.gsd/parallel/&lt;MID&gt;.status.json</c>, written only by the worker (DESIGN §6).</summary>
public sealed record WorkerStatus
{
    public required string MilestoneId { get; init; }

    public int Pid { get; init; }

    /// <summary>Process start time (ticks since boot from /proc) so a reused pid is told apart.</summary>
    public long ProcessStartedAt { get; init; }

    /// <summary>starting | running | paused | stopping | stopped | complete | blocked | error</summary>
    public required string State { get; init; }

    public UnitRef? CurrentUnit { get; init; }

    public int CompletedUnits { get; init; }

    public Progress Progress { get; init; } = new();

    public decimal Cost { get; init; }

    public DateTimeOffset LastHeartbeat { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public string? Worktree { get; init; }

    public string? Branch { get; init; }

    public long SignalSeq { get; init; }

    public string? Error { get; init; }

    /// <summary>Pid (and process group) of the agent the worker is running, so `stop` can end it if the worker is killed.</summary>
    public int? AgentPid { get; init; }
}

public sealed record UnitRef(string Type, string Id, DateTimeOffset StartedAt);

public sealed record Progress(int SlicesDone = 0, int SlicesTotal = 0, int TasksDone = 0, int TasksTotal = 0);

public static class WorkerStates
{
    public const string Starting = "starting";
    public const string Running = "running";
    public const string Paused = "paused";
    public const string Stopping = "stopping";
    public const string Stopped = "stopped";
    public const string Complete = "complete";
    public const string Blocked = "blocked";
    public const string Error = "error";

    /// <summary>Shown by <c>status</c>, never written: the process is gone while its file says it is live.</summary>
    public const string Crashed = "crashed";

    public static bool IsLive(string state) => state is Starting or Running or Paused or Stopping;

    public static bool IsFinal(string state) => state is Stopped or Complete or Blocked or Error;
}
