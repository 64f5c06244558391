namespace Gsd.Processes;

/// <summary>
/// Starts detached gsd processes (workers, the background coordinator): own session so they survive the terminal, stdin
/// from /dev/null, output appended to a log file. argv only.
/// </summary>
public static class DetachedProcess
{
    /// <summary>
    /// Removes what a gsd process may have inherited from a worker or an agent: a coordinator or worker must never look like
    /// a nested worker, nor like an agent of some unit (agents are found by GSD_WORKTREE + GSD_UNIT_ID when orphaned).
    /// </summary>
    public static Dictionary<string, string?> CleanEnvironment() => new(StringComparer.Ordinal)
    {
        ["GSD_PARALLEL_WORKER"] = null,
        ["GSD_MILESTONE_LOCK"] = null,
        ["GSD_RUN_ID"] = null,
        ["GSD_FRESH_CHECKOUT"] = null,
        ["GSD_WORKTREE"] = null,
        ["GSD_UNIT_ID"] = null,
        ["GSD_UNIT_TYPE"] = null,
        ["GSD_MILESTONE_ID"] = null,
        ["GSD_PROMPT_FILE"] = null,
    };

    public static ProcessIdentity Start(IReadOnlyList<string> argv, string workingDirectory, string logFile, IReadOnlyDictionary<string, string?> env)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        // Its reaper thread holds the handle and reaps the child when it exits, so no zombie is left behind.
        var child = SessionChild.StartLogged(argv, workingDirectory, env, logFile);
        return new ProcessIdentity(child.Pid, ProcessIdentity.ReadStartTicks(child.Pid) ?? 0);
    }
}
