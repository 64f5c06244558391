namespace Gsd.Layout;

/// <summary>Where the parallel IPC and worktree files live under the project root.</summary>
public sealed record ParallelPaths(string ProjectRoot)
{
    public string Directory => Path.Combine(GsdPaths.GsdDirectory(ProjectRoot), "parallel");

    public string WorktreesDirectory => Path.Combine(GsdPaths.GsdDirectory(ProjectRoot), "worktrees");

    public string CoordinatorFile => Path.Combine(Directory, "coordinator.json");

    public string CoordinatorLock => Path.Combine(Directory, "coordinator.lock");

    public string CoordinatorSignalFile => Path.Combine(Directory, "coordinator.signal.json");

    public string CoordinatorLog => Path.Combine(Directory, "coordinator.log");

    public string EventsFile => Path.Combine(Directory, "events.ndjson");

    public string StatusFile(string milestoneId) => Path.Combine(Directory, $"{Checked(milestoneId)}.status.json");

    public string SignalFile(string milestoneId) => Path.Combine(Directory, $"{Checked(milestoneId)}.signal.json");

    public string LogFile(string milestoneId) => Path.Combine(Directory, $"{Checked(milestoneId)}.log");

    /// <summary>Where the agents' raw event logs live, one file a milestone (<c>gsd parallel logs</c> renders them).</summary>
    public string AgentLogsDirectory => Path.Combine(Directory, "logs");

    /// <summary>A milestone's agent log: every unit's agent output, a line at a time, between gsd's own unit markers.</summary>
    public string AgentLogFile(string milestoneId) => Path.Combine(AgentLogsDirectory, $"{Checked(milestoneId)}.jsonl");

    public string Worktree(string milestoneId) => Path.Combine(WorktreesDirectory, Checked(milestoneId));

    private static string Checked(string milestoneId) =>
        MilestoneId.IsValid(milestoneId) ? milestoneId : throw new ArgumentException($"'{milestoneId}' is not a milestone id (M###).", nameof(milestoneId));
}
