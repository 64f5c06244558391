using System.Globalization;

namespace Gsd.Processes;

/// <summary>One live process as /proc shows it: its parent, process group and session.</summary>
public sealed record ProcessEntry(int Pid, int ParentPid, int Group, int Session);

/// <summary>
/// Reads /proc to find what a worker left running: its agents (children that lead their own session, as setsid makes
/// them), and agents orphaned by a worker that died (found by the GSD_WORKTREE they were started with).
/// </summary>
public static class ProcessTable
{
    /// <summary>Every live (non-zombie) process readable now.</summary>
    public static IReadOnlyList<ProcessEntry> Snapshot()
    {
        var list = new List<ProcessEntry>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Read(pid) is { } entry)
            {
                list.Add(entry);
            }
        }
        return list;
    }

    /// <summary>Sessions led by direct children of <paramref name="pid"/>: the agents a worker runs (each started through setsid).</summary>
    public static IReadOnlyList<int> ChildSessions(int pid) =>
        Snapshot().Where(p => p.ParentPid == pid && p.Session == p.Pid).Select(p => p.Pid).ToList();

    /// <summary>
    /// Processes started for a unit in <paramref name="worktree"/> (their environment carries GSD_WORKTREE and GSD_UNIT_ID,
    /// which agents and their children inherit and workers never have), except <paramref name="exceptPid"/>.
    /// </summary>
    public static IReadOnlyList<ProcessEntry> AgentsIn(string worktree, int exceptPid = 0)
    {
        var self = Environment.ProcessId;
        var found = new List<ProcessEntry>();
        foreach (var p in Snapshot())
        {
            if (p.Pid == self || p.Pid == exceptPid)
            {
                continue;
            }
            var env = ReadEnvironment(p.Pid);
            if (env is not null && env.TryGetValue("GSD_WORKTREE", out var wt) && wt == worktree && env.ContainsKey("GSD_UNIT_ID"))
            {
                found.Add(p);
            }
        }
        return found;
    }

    public static ProcessEntry? Read(int pid) =>
        ProcStat.Read(pid) is { } s ? new ProcessEntry(s.Pid, s.ParentPid, s.Group, s.Session) : null;

    private static Dictionary<string, string>? ReadEnvironment(int pid)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes($"/proc/{pid}/environ");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in System.Text.Encoding.UTF8.GetString(bytes).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                env[pair[..eq]] = pair[(eq + 1)..];
            }
        }
        return env;
    }
}
