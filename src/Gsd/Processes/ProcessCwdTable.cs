using Gsd.IO;

namespace Gsd.Processes;

/// <summary>
/// A snapshot of the running processes' names and working directories (from /proc), so doctor can tell a lock or a
/// temporary checkout that something still uses from a leftover. Processes it may not inspect are skipped.
/// </summary>
internal sealed class ProcessCwdTable
{
    private readonly List<(int Pid, string Command, string Cwd)> _processes;

    private ProcessCwdTable(List<(int Pid, string Command, string Cwd)> processes)
    {
        _processes = processes;
    }

    public static ProcessCwdTable Snapshot()
    {
        var list = new List<(int, string, string)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)
                || pid == Environment.ProcessId)
            {
                continue;
            }
            try
            {
                var command = File.ReadAllText(Path.Combine(dir, "comm")).TrimEnd('\n');
                var cwd = new FileInfo(Path.Combine(dir, "cwd")).LinkTarget;
                if (cwd is not null)
                {
                    list.Add((pid, command, cwd));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or another user's process: it cannot be working in our directories unseen by its owner.
            }
        }
        return new ProcessCwdTable(list);
    }

    /// <summary>The first process (other than this one) whose working directory is <paramref name="directory"/> or below it; with <paramref name="command"/>, only processes of that name.</summary>
    public int? WorkingIn(string directory, string? command = null)
    {
        var root = PathIdentity.Canonical(directory);
        foreach (var (pid, name, cwd) in _processes)
        {
            if ((command is null || name == command) && (cwd == root || cwd.StartsWith(root + "/", StringComparison.Ordinal)))
            {
                return pid;
            }
        }
        return null;
    }

    /// <summary>A git process working in any of <paramref name="directories"/>, or null.</summary>
    public int? GitWorkingIn(IEnumerable<string> directories) =>
        directories.Select(d => WorkingIn(d, "git")).FirstOrDefault(p => p is not null);
}
