namespace Gsd.Planning;

/// <summary>Paths of the planning files for ids that have already passed the id checks.</summary>
public static class PlanningFiles
{
    public static string MilestoneDir(string root, string mid) => Path.Combine(root, ".gsd", "milestones", Safe(mid));

    public static string Context(string root, string mid) => Path.Combine(MilestoneDir(root, mid), $"{mid}-CONTEXT.md");

    public static string ContextDraft(string root, string mid) => Path.Combine(MilestoneDir(root, mid), $"{mid}-CONTEXT-DRAFT.md");

    public static string Roadmap(string root, string mid) => Path.Combine(MilestoneDir(root, mid), $"{mid}-ROADMAP.md");

    public static string Summary(string root, string mid) => Path.Combine(MilestoneDir(root, mid), $"{mid}-SUMMARY.md");

    public static string Meta(string root, string mid) => Path.Combine(MilestoneDir(root, mid), $"{mid}-META.json");

    public static string SliceDir(string root, string mid, string sid) => Path.Combine(MilestoneDir(root, mid), "slices", Safe(sid));

    public static string SlicePlan(string root, string mid, string sid) => Path.Combine(SliceDir(root, mid, sid), $"{sid}-PLAN.md");

    public static string SliceSummary(string root, string mid, string sid) => Path.Combine(SliceDir(root, mid, sid), $"{sid}-SUMMARY.md");

    public static string TaskSummary(string root, string mid, string sid, string tid) => Path.Combine(SliceDir(root, mid, sid), "tasks", $"{Safe(tid)}-SUMMARY.md");

    private static string Safe(string id) =>
        MilestoneId.IsPathSafe(id) ? id : throw new ArgumentException($"'{id}' cannot be used in a path.", nameof(id));
}
