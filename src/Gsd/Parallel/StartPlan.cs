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
    /// <summary>
    /// Why nothing runs after the launch (every worker failed, stopped or never started), or null when at least one worker
    /// is alive (or already complete) or a completed milestone was merged: then `start` succeeded.
    /// </summary>
    public string? NothingRunning()
    {
        if (Workers.Any(w => w.Started && w.State is not ("stopped" or "error" or "blocked")) || Workers.Any(w => w.State == "merged"))
        {
            return null;
        }
        if (Workers.Count == 0)
        {
            return Error is null ? "no worker was started" : null;
        }
        var errors = Workers.Where(w => w.State == "error").ToList();
        if (errors.Count == Workers.Count)
        {
            return $"every worker ended in error: {errors[0].MilestoneId}: {errors[0].Error ?? "(no message)"}";
        }
        if (Workers.All(w => w.State == "stopped"))
        {
            return $"every worker stopped at once: {Workers[0].MilestoneId}: {Workers[0].Error ?? "(no reason given)"}";
        }
        return "no worker is running: " + string.Join("; ", Workers.Select(w => $"{w.MilestoneId} {w.State}{(w.Error is null ? string.Empty : $" ({w.Error})")}"));
    }
}
