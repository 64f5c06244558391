using System.Diagnostics;

namespace Gsd.Processes;

/// <summary>
/// Starts detached gsd processes (workers, the background coordinator): own session (setsid) so they survive the
/// terminal, stdin from /dev/null, output appended to a log file. argv only; the shell only does the redirection.
/// </summary>
public static class DetachedProcess
{
    private static readonly List<Process> Started = [];

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
        // setsid execs in place (the child is not a group leader), so the pid we get is the gsd process itself.
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal) { ["GSD_LOG_FILE"] = logFile };
        foreach (var (name, value) in env)
        {
            variables[name] = value;
        }
        var psi = SessionStart.StartInfo(["sh", "-c", "exec \"$0\" \"$@\" >>\"$GSD_LOG_FILE\" 2>&1 </dev/null", .. argv], workingDirectory, variables);
        var process = Process.Start(psi) ?? throw new GsdException($"Could not start {string.Join(' ', argv)}.");
        // Kept referenced so the runtime reaps the child when it exits instead of leaving a zombie behind.
        lock (Started)
        {
            Started.Add(process);
        }
        var pid = process.Id;
        return new ProcessIdentity(pid, ProcessIdentity.ReadStartTicks(pid) ?? 0);
    }
}
