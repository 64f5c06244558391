using System.Globalization;
using Gsd.IO;

namespace Gsd.Processes;

/// <summary>One live process as /proc shows it: its command name (comm), parent, process group and session.</summary>
public sealed record ProcessEntry(int Pid, string Command, int ParentPid, int Group, int Session)
{
    /// <summary>True for a session leader (as setsid makes every agent and worker).</summary>
    public bool LeadsSession => Session == Pid;

    /// <summary>In group or session <paramref name="id"/> (members that moved to a group of their own stay in the session).</summary>
    public bool IsInGroupOrSession(int id) => Group == id || Session == id;
}

/// <summary>
/// A snapshot of the live (non-zombie) processes in /proc, the one reader of the process list. Working directories and
/// environments are read on first use (most callers need neither); processes gsd may not inspect (another user's) show
/// neither. Used to find what a worker left running (its agents, and agents orphaned by a worker that died), the members
/// of a process group, and whether something still works in a directory doctor would clean up.
/// </summary>
public sealed class ProcessTable
{
    private readonly Dictionary<int, string?> _cwds = [];
    private readonly Dictionary<int, IReadOnlyDictionary<string, string>?> _environments = [];

    private ProcessTable(IReadOnlyList<ProcessEntry> entries)
    {
        Entries = entries;
    }

    public IReadOnlyList<ProcessEntry> Entries { get; }

    /// <summary>Every live process readable now.</summary>
    public static ProcessTable Snapshot() => new([.. Live()]);

    /// <summary>The live processes read one by one, for a caller that may stop at the first it needs.</summary>
    public static IEnumerable<ProcessEntry> Live()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Read(pid) is { } entry)
            {
                yield return entry;
            }
        }
    }

    /// <summary>One process now; null when it is gone or a zombie.</summary>
    public static ProcessEntry? Read(int pid) =>
        ProcStat.Read(pid) is { } s ? new ProcessEntry(s.Pid, s.Command, s.ParentPid, s.Group, s.Session) : null;

    /// <summary>Sessions led by direct children of <paramref name="pid"/>: the agents a worker runs (each started through setsid).</summary>
    public IReadOnlyList<int> ChildSessions(int pid) =>
        Entries.Where(p => p.ParentPid == pid && p.LeadsSession).Select(p => p.Pid).ToList();

    /// <summary>
    /// Processes started for a unit in <paramref name="worktree"/> (their environment carries GSD_WORKTREE and GSD_UNIT_ID,
    /// which agents and their children inherit and workers never have), except <paramref name="exceptPid"/>.
    /// </summary>
    public IReadOnlyList<ProcessEntry> AgentsIn(string worktree, int exceptPid = 0)
    {
        var self = Environment.ProcessId;
        return Entries
            .Where(p => p.Pid != self && p.Pid != exceptPid)
            .Where(p => EnvironmentOf(p.Pid) is { } env && env.TryGetValue("GSD_WORKTREE", out var wt) && wt == worktree && env.ContainsKey("GSD_UNIT_ID"))
            .ToList();
    }

    /// <summary>The first process (other than this one) whose working directory is <paramref name="directory"/> or below it; with <paramref name="command"/>, only processes of that name.</summary>
    public int? WorkingIn(string directory, string? command = null)
    {
        var root = PathIdentity.Canonical(directory);
        var self = Environment.ProcessId;
        foreach (var p in Entries)
        {
            if (p.Pid != self && (command is null || p.Command == command)
                && CwdOf(p.Pid) is { } cwd && (cwd == root || cwd.StartsWith(root + "/", StringComparison.Ordinal)))
            {
                return p.Pid;
            }
        }
        return null;
    }

    /// <summary>A git process working in any of <paramref name="directories"/>, or null.</summary>
    public int? GitWorkingIn(IEnumerable<string> directories) =>
        directories.Select(d => WorkingIn(d, "git")).FirstOrDefault(p => p is not null);

    /// <summary>The working directory of <paramref name="pid"/>; null when it is gone or not ours to inspect.</summary>
    public string? CwdOf(int pid)
    {
        if (!_cwds.TryGetValue(pid, out var cwd))
        {
            try
            {
                cwd = new FileInfo($"/proc/{pid}/cwd").LinkTarget;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or another user's process: it cannot be working in our directories unseen by its owner.
                cwd = null;
            }
            _cwds[pid] = cwd;
        }
        return cwd;
    }

    /// <summary>The environment <paramref name="pid"/> was started with; null when it is gone or not ours to inspect.</summary>
    public IReadOnlyDictionary<string, string>? EnvironmentOf(int pid)
    {
        if (!_environments.TryGetValue(pid, out var env))
        {
            env = ReadEnvironment(pid);
            _environments[pid] = env;
        }
        return env;
    }

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
