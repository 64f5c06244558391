namespace Gsd.Layout;

/// <summary>
/// Every path under <c>.gsd/</c> but the parallel run's (<see cref="ParallelPaths"/>). Where the planning files of a milestone, slice or task live. Every id is checked first: a milestone id must
/// be valid (<see cref="MilestoneId.IsValid"/>) and slice/task ids path-safe, so no id can point outside
/// <c>.gsd/milestones/</c>; a bad id throws <see cref="GsdException"/> (exit 2) naming it.
/// </summary>
public static class GsdPaths
{
    /// <summary>The folder's name, for the few places that match it in paths git reports (<c>.gsd/…</c>).</summary>
    public const string GsdFolder = ".gsd";

    /// <summary><c>.gsd/milestones</c> relative to the root, as git pathspecs and messages spell it.</summary>
    public const string RelativeMilestonesDirectory = ".gsd/milestones";

    /// <summary>Whether a root-relative path git reports (<c>/</c>-separated) lies in <c>.gsd/</c>.</summary>
    public static bool IsGsdPath(string relativePath) =>
        relativePath == GsdFolder || relativePath.StartsWith(GsdFolder + "/", StringComparison.Ordinal);

    /// <summary>
    /// Whether a root-relative path git reports is a temporary file gsd's atomic write left in <c>.gsd/</c> when it was killed
    /// mid-write (<see cref="IO.AtomicFile.IsTempFileName"/>): gsd's own, never a user change, safe to delete once no
    /// gsd process works in that checkout.
    /// </summary>
    public static bool IsGsdTempFile(string relativePath) =>
        IsGsdPath(relativePath) && IO.AtomicFile.IsTempFileName(relativePath[(relativePath.LastIndexOf('/') + 1)..]);

    /// <summary>Whether a root-relative path git reports lies in a milestone's planning directory.</summary>
    public static bool IsPlanningPath(string relativePath) => relativePath.StartsWith(RelativeMilestonesDirectory + "/", StringComparison.Ordinal);

    public static string GsdDirectory(string root) => Path.Combine(root, GsdFolder);

    public static string MilestonesDirectory(string root) => Path.Combine(root, GsdFolder, "milestones");

    public static string QueueOrderFile(string root) => Path.Combine(root, GsdFolder, "QUEUE-ORDER.json");

    public static string GitIgnoreFile(string root) => Path.Combine(root, GsdFolder, ".gitignore");

    /// <summary>The worker lock of one checkout (project root or worktree).</summary>
    public static string AutoLockFile(string checkout) => Path.Combine(checkout, GsdFolder, "auto.lock");

    /// <summary>The unit ledger of one checkout (project root or worktree).</summary>
    public static string MetricsFile(string checkout) => Path.Combine(checkout, GsdFolder, "metrics.json");

    /// <summary>Where milestone reports are written (runtime: gitignored, never committed by a worker).</summary>
    public static string ReportsDirectory(string root) => Path.Combine(root, GsdFolder, "reports");

    /// <summary><c>.gsd/reports/M002.html</c>: the self-contained HTML report of one milestone.</summary>
    public static string ReportFile(string root, string milestoneId) => Path.Combine(ReportsDirectory(root), $"{CheckMilestone(milestoneId)}.html");

    /// <summary><c>.gsd/milestones/M002</c> relative to the root, as git pathspecs and messages spell it.</summary>
    public static string RelativeMilestoneDirectory(string milestoneId) => $"{RelativeMilestonesDirectory}/{CheckMilestone(milestoneId)}";

    public static string MilestoneDirectory(string root, string milestoneId) =>
        Path.Combine(MilestonesDirectory(root), CheckMilestone(milestoneId));

    /// <summary><c>.gsd/milestones/M002/M002-&lt;KIND&gt;.md</c>, e.g. kind <c>CONTEXT</c>, <c>ROADMAP</c>, <c>SUMMARY</c>.</summary>
    public static string MilestoneFile(string root, string milestoneId, string kind, string extension = ".md") =>
        Path.Combine(MilestoneDirectory(root, milestoneId), $"{milestoneId}-{kind}{extension}");

    public static string ContextFile(string root, string milestoneId) => MilestoneFile(root, milestoneId, "CONTEXT");

    public static string ContextDraftFile(string root, string milestoneId) => MilestoneFile(root, milestoneId, "CONTEXT-DRAFT");

    public static string RoadmapFile(string root, string milestoneId) => MilestoneFile(root, milestoneId, "ROADMAP");

    public static string SummaryFile(string root, string milestoneId) => MilestoneFile(root, milestoneId, "SUMMARY");

    public static string ParkedFile(string root, string milestoneId) => MilestoneFile(root, milestoneId, "PARKED");

    public static string MetaFile(string root, string milestoneId) => MilestoneFile(root, milestoneId, "META", ".json");

    public static string SlicesDirectory(string root, string milestoneId) => Path.Combine(MilestoneDirectory(root, milestoneId), "slices");

    public static string SliceDirectory(string root, string milestoneId, string sliceId) =>
        Path.Combine(SlicesDirectory(root, milestoneId), CheckUnit(sliceId, "slice"));

    public static string SlicePlanFile(string root, string milestoneId, string sliceId) =>
        Path.Combine(SliceDirectory(root, milestoneId, sliceId), $"{sliceId}-PLAN.md");

    public static string SliceSummaryFile(string root, string milestoneId, string sliceId) =>
        Path.Combine(SliceDirectory(root, milestoneId, sliceId), $"{sliceId}-SUMMARY.md");

    public static string TasksDirectory(string root, string milestoneId, string sliceId) =>
        Path.Combine(SliceDirectory(root, milestoneId, sliceId), "tasks");

    public static string TaskSummaryFile(string root, string milestoneId, string sliceId, string taskId) =>
        Path.Combine(TasksDirectory(root, milestoneId, sliceId), $"{CheckUnit(taskId, "task")}-SUMMARY.md");

    public static string TaskPlanFile(string root, string milestoneId, string sliceId, string taskId) =>
        Path.Combine(TasksDirectory(root, milestoneId, sliceId), $"{CheckUnit(taskId, "task")}-PLAN.md");

    /// <summary>A path below <paramref name="root"/> as problems and messages show it: relative, with forward slashes.</summary>
    public static string Relative(string root, string path) =>
        Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');

    private static string CheckMilestone(string id) =>
        MilestoneId.IsValid(id)
            ? id
            : throw new GsdException($"Invalid milestone id '{id}': expected M followed by three digits, optionally -abc123 (e.g. M002).", ExitCodes.Usage);

    private static string CheckUnit(string id, string what) =>
        MilestoneId.IsPathSafe(id)
            ? id
            : throw new GsdException($"Invalid {what} id '{id}': it must not contain '/', '\\', '..' or start with '-'.", ExitCodes.Usage);
}
