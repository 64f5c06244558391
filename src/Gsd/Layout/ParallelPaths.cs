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

    /// <summary>A usage limit or permanent agent failure that holds every worker on that agent (ARCHITECTURE §6).</summary>
    public string AgentHoldFile => Path.Combine(Directory, "agent-hold.json");

    public string StatusFile(string milestoneId) => Path.Combine(Directory, $"{Checked(milestoneId)}.status.json");

    public string SignalFile(string milestoneId) => Path.Combine(Directory, $"{Checked(milestoneId)}.signal.json");

    public string LogFile(string milestoneId) => Path.Combine(Directory, $"{Checked(milestoneId)}.log");

    public string Worktree(string milestoneId) => Path.Combine(WorktreesDirectory, Checked(milestoneId));

    private static string Checked(string milestoneId) =>
        MilestoneId.IsValid(milestoneId) ? milestoneId : throw new ArgumentException($"'{milestoneId}' is not a milestone id (M###).", nameof(milestoneId));
}
