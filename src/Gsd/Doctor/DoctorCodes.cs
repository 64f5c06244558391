namespace Gsd.Doctor;

/// <summary>The <see cref="DoctorFinding.Code"/> values, stable for scripts (documented in the README).</summary>
public static class DoctorCodes
{
    public const string NotAGitRepository = "not-a-git-repository";
    public const string CheckFailed = "check-failed";

    public const string PreferencesInvalid = "preferences-invalid";
    public const string PreferencesUnknownKey = "preferences-unknown-key";
    public const string PreferencesIgnoredSetting = "preferences-ignored-setting";

    public const string DependencyCycle = "dependency-cycle";
    public const string UnknownDependency = "unknown-dependency";
    public const string PlanningProblem = "planning-problem";
    public const string MilestoneSummaryMissing = "milestone-summary-missing";
    public const string UnknownSliceDependency = "unknown-slice-dependency";
    public const string TaskSummaryWithoutTask = "task-summary-without-task";
    public const string TaskSummaryMisplaced = "task-summary-misplaced";
    public const string DependsOnParked = "depends-on-parked";

    public const string GitignoreMissing = "gitignore-missing";
    public const string RuntimeFilesTracked = "runtime-files-tracked";

    public const string StaleCoordinator = "stale-coordinator";
    public const string UnreadableCoordinatorState = "unreadable-coordinator-state";
    public const string StaleWorkerStatus = "stale-worker-status";
    public const string HungWorker = "hung-worker";
    public const string UnreadableStatusFile = "unreadable-status-file";
    public const string StaleLock = "stale-lock";
    public const string OrphanedAgent = "orphaned-agent";
    public const string StaleAgentRecord = "stale-agent-record";

    public const string OrphanWorktreeDirectory = "orphan-worktree-dir";
    public const string MissingWorktreeDirectory = "missing-worktree-dir";

    public const string MergeInProgress = "merge-in-progress";
    public const string CherryPickInProgress = "cherry-pick-in-progress";
    public const string RevertInProgress = "revert-in-progress";
    public const string RebaseInProgress = "rebase-in-progress";
    public const string StaleIndexLock = "stale-index-lock";
    public const string LeftoverMergeIndex = "leftover-merge-index";
    public const string LeftoverCheckWorktree = "leftover-check-worktree";
    public const string MergedMilestoneLeftover = "merged-milestone-leftover";
}
