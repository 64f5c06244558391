using System.Globalization;
using System.Text;
using Gsd.IO;

namespace Gsd.Processes;

/// <summary>
/// The fields gsd needs from <c>/proc/&lt;pid&gt;/stat</c>: command name, parent, process group, session and start time
/// (clock ticks since boot). The one parser of that file; null for a process that is gone or a zombie (it has exited).
/// </summary>
public sealed record ProcStat(int Pid, string Command, int ParentPid, int Group, int Session, long StartTicks)
{
    public static ProcStat? Read(int pid)
    {
        // A whole-table scan reads this file for every process: one open, read and close each (the line is < 1 KiB).
        Span<byte> buffer = stackalloc byte[1024];
        var length = NativeFile.ReadStart($"/proc/{pid}/stat", buffer);
        if (length <= 0)
        {
            return null;
        }
        var stat = Encoding.UTF8.GetString(buffer[..length]);
        // The command name (field 2) may hold spaces and parentheses; fields resume after the last ')'.
        var open = stat.IndexOf('(', StringComparison.Ordinal);
        var close = stat.LastIndexOf(')');
        if (open < 0 || close < open || close + 2 >= stat.Length)
        {
            return null;
        }
        // f[0] is field 3 (state) … f[19] is field 22 (starttime).
        var f = stat[(close + 2)..].Split(' ');
        if (f.Length < 20 || f[0] is "Z" or "X")
        {
            return null;
        }
        return int.TryParse(f[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ppid)
            && int.TryParse(f[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var group)
            && int.TryParse(f[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var session)
            && long.TryParse(f[19], NumberStyles.Integer, CultureInfo.InvariantCulture, out var start)
            ? new ProcStat(pid, stat[(open + 1)..close], ppid, group, session, start)
            : null;
    }
}
