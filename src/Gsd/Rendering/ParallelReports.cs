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

    /// <summary>Nothing started, with why.</summary>
    public static StartReport Refused(StartPlan plan, string message) =>
        new(plan.Report.Eligible.Select(e => e.Id).ToList(), plan.Report.Ineligible, plan.Report.Overlaps, [], message);

    /// <summary>What a background start did: started, adopted, merged (after a crashed coordinator) and failed workers.</summary>
    public static StartReport From(StartPlan plan, StartOutcome outcome)
    {
        var started = outcome.Workers;
        return new StartReport(plan.Report.Eligible.Select(e => e.Id).ToList(), plan.Report.Ineligible, plan.Report.Overlaps, started.Where(s => s.Started && !s.Adopted).Select(s => s.MilestoneId).ToList(), outcome.Error)
        {
            Adopted = started.Where(s => s.Started && s.Adopted).Select(s => s.MilestoneId).ToList(),
            Failed = started.Where(s => !s.Started && s.State != "merged").ToList(),
            Merged = started.Where(s => s.State == "merged").Select(s => s.MilestoneId).ToList(),
            Workers = started,
        };
    }
}

/// <summary><c>gsd parallel stop|pause|resume --json</c>.</summary>
public sealed record ControlReport(IReadOnlyList<ControlResult> Results);
