using Gsd.Protocol;

namespace Gsd.Parallel;

/// <summary>
/// What `start` would do: the eligibility report, the milestones it would start now, live workers a new coordinator
/// would adopt (their coordinator died), or the live coordinator that already runs this project.
/// </summary>
public sealed record StartPlan(EligibilityReport Report, IReadOnlyList<string> ToStart, IReadOnlyList<WorkerStatus> ToAdopt, int? ActiveCoordinatorPid)
{
    public const string NoWorkMessage = "No eligible milestones. Run `gsd queue` to see what each milestone waits for.";

    public bool HasWork => ToStart.Count > 0 || ToAdopt.Count > 0;

    public static string AlreadyActiveMessage(int pid) =>
        $"A parallel run is already active (coordinator pid {pid}); it starts eligible milestones as slots free. See `gsd parallel status`.";
}

/// <summary>One milestone `start` tried to start (or adopted): running with a heartbeat, or why not. <paramref name="State"/> as shown: its worker's state, its run state, or pending.</summary>
public sealed record StartedWorker(string MilestoneId, bool Started, int Pid, string? Worktree, string? Branch, string State, string? Error)
{
    /// <summary>A live worker of an earlier coordinator, taken over rather than started again.</summary>
    public bool Adopted { get; init; }
}

/// <summary>What `start` saw after launching the coordinator: the workers, or the other coordinator that won a race.</summary>
public sealed record StartOutcome(IReadOnlyList<StartedWorker> Workers, int? OtherCoordinatorPid, string? Error);
