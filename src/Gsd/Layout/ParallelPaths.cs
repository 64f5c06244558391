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

    /// <summary>The preferences the current run took from the project root; its workers use these (ARCHITECTURE §6).</summary>
    public string PreferencesFile => Path.Combine(Directory, "preferences.json");
    /// <summary>A usage limit or permanent agent failure that holds every worker on that agent (ARCHITECTURE §6).</summary>
    public string AgentHoldFile => Path.Combine(Directory, "agent-hold.json");

    public string StatusFile(string milestoneId) => Path.Combine(Directory, $"{Checked(milestoneId)}.status.json");

    public string SignalFile(string milestoneId) => Path.Combine(Directory, $"{Checked(milestoneId)}.signal.json");

    /// <summary>The agent a worker runs for the milestone (Protocol/AgentRecord), kept apart from auto.lock so it outlives it.</summary>
    public string AgentFile(string milestoneId) => Path.Combine(Directory, $"{Checked(milestoneId)}.agent.json");

    public string LogFile(string milestoneId) => Path.Combine(Directory, $"{Checked(milestoneId)}.log");

    /// <summary>Where the agents' raw event logs live, one file a milestone (<c>gsd parallel logs</c> renders them).</summary>
    public string AgentLogsDirectory => Path.Combine(Directory, "logs");

    /// <summary>A milestone's agent log: every unit's agent output, a line at a time, between gsd's own unit markers.</summary>
    public string AgentLogFile(string milestoneId) => Path.Combine(AgentLogsDirectory, $"{Checked(milestoneId)}.jsonl");

    public string Worktree(string milestoneId) => Path.Combine(WorktreesDirectory, Checked(milestoneId));

    /// <summary>
    /// Throws (exit 1) when .gsd/parallel or .gsd/worktrees exists as something other than a directory: every parallel
    /// command would otherwise fail deep inside with a bare file-system error.
    /// </summary>
    public void RequireDirectoriesUsable()
    {
        foreach (var dir in new[] { Directory, WorktreesDirectory })
        {
            if (File.Exists(dir))
            {
                throw new GsdException(
                    $"{dir} is a file, but gsd keeps its {(dir == Directory ? "run state" : "milestone worktrees")} in a directory there. Move the file aside (`mv {dir} {dir}.bak`) and run the command again.");
            }
        }
    }

    private static string Checked(string milestoneId) =>
        MilestoneId.IsValid(milestoneId) ? milestoneId : throw new ArgumentException($"'{milestoneId}' is not a milestone id (M###).", nameof(milestoneId));
}
