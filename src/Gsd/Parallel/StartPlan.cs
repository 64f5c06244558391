using Gsd.Protocol;

namespace Gsd.Parallel;

/// <summary>
/// What `start` would do: the eligibility report, the milestones it would start now, live workers a new coordinator
/// would adopt (their coordinator died), or the live coordinator that already runs this project.
/// </summary>
public sealed record StartPlan(EligibilityReport Report, IReadOnlyList<string> ToStart, IReadOnlyList<WorkerStatus> ToAdopt, int? ActiveCoordinatorPid)
{
    /// <summary>Milestones that completed while their coordinator was dead (it crashed), merged first under auto_merge: auto.</summary>
    public IReadOnlyList<string> ToMerge { get; init; } = [];

    public const string NoWorkMessage = "No eligible milestones. Run `gsd queue` to see what each milestone waits for.";

    public bool HasWork => ToStart.Count > 0 || ToAdopt.Count > 0 || ToMerge.Count > 0;

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
public sealed record StartOutcome(IReadOnlyList<StartedWorker> Workers, int? OtherCoordinatorPid, string? Error)
{
    /// <summary>The pid of the coordinator `start` launched (0 when unknown).</summary>
    public int CoordinatorPid { get; init; }

    /// <summary>Its log, named when it ended before any worker started.</summary>
    public string? CoordinatorLog { get; init; }

    /// <summary>Whether that coordinator had ended (exited or died) when `start` stopped waiting.</summary>
    public bool CoordinatorEnded { get; init; }

    /// <summary>
    /// Workers launched but not heartbeating yet while their coordinator runs on and none runs yet: not a failure, they are
    /// starting. Empty when a worker runs or the coordinator ended.
    /// </summary>
    public IReadOnlyList<string> StillStarting =>
        CoordinatorEnded || Workers.Any(IsGoing) ? [] : Workers.Where(IsUnderway).Select(w => w.MilestoneId).ToList();

    /// <summary>
    /// Why nothing runs after the launch (every worker failed, stopped or never started, or the coordinator ended before
    /// any did), or null when at least one worker is alive (or already complete), a completed milestone was merged, or
    /// workers are still starting under a live coordinator: then `start` succeeded.
    /// </summary>
    public string? NothingRunning()
    {
        if (Workers.Any(IsGoing))
        {
            return null;
        }
        if (Workers.Count == 0)
        {
            return Error is null ? "nothing is running: no worker was started" : null;
        }
        if (Workers.Any(IsUnderway))
        {
            // Pending is no failure while the coordinator lives; once it is gone nothing will start them.
            return CoordinatorEnded
                ? $"the coordinator (pid {CoordinatorPid}) ended before any worker started; see {CoordinatorLog}; run `gsd parallel start` again to adopt/restart"
                : null;
        }
        var errors = Workers.Where(w => w.State == "error").ToList();
        if (errors.Count == Workers.Count)
        {
            return $"nothing is running: every worker ended in error: {errors[0].MilestoneId}: {errors[0].Error ?? "(no message)"}";
        }
        if (Workers.All(w => w.State == "stopped"))
        {
            return $"nothing is running: every worker stopped at once: {Workers[0].MilestoneId}: {Workers[0].Error ?? "(no reason given)"}";
        }
        return "nothing is running: no worker is running: " + string.Join("; ", Workers.Select(w => $"{w.MilestoneId} {w.State}{(w.Error is null ? string.Empty : $" ({w.Error})")}"));
    }

    /// <summary>Running (or already complete) with a heartbeat, or merged.</summary>
    private static bool IsGoing(StartedWorker w) => (w.Started && w.State is not ("stopped" or "error" or "blocked")) || w.State == "merged";

    /// <summary>Not started yet, for no failure: its coordinator has not got to it, or its worker has not heartbeated.</summary>
    private static bool IsUnderway(StartedWorker w) => !w.Started && w.State is ("pending" or "starting" or "queued");
}
