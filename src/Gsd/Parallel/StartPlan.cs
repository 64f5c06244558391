namespace Gsd.Parallel;

/// <summary>What `start` would do: the eligibility report, the milestones it would start now, or the live coordinator that is already running.</summary>
public sealed record StartPlan(EligibilityReport Report, IReadOnlyList<string> ToStart, int? ActiveCoordinatorPid);

/// <summary>One milestone `start` tried to start: running with a heartbeat, or why not.</summary>
public sealed record StartedWorker(string MilestoneId, bool Started, int Pid, string? Worktree, string? Branch, string State, string? Error);
