using System.Text;
using Gsd.IO;
using Gsd.Layout;

namespace Gsd.Protocol;

/// <summary>Appends to events.ndjson (one JSON object per line; a single write per event so lines never interleave).</summary>
public sealed class EventLog(ParallelPaths paths, TimeProvider clock, Action<ParallelEvent>? echo = null)
{
    public void Write(string kind, string? milestoneId, string message)
    {
        var e = new ParallelEvent(clock.GetUtcNow(), kind, milestoneId, message);
        echo?.Invoke(e);
        Directory.CreateDirectory(paths.Directory);
        var line = JsonOutput.Serialize(e, ParallelJsonContext.Default.ParallelEvent, indented: false) + "\n";
        using var stream = new FileStream(paths.EventsFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        stream.Write(Encoding.UTF8.GetBytes(line));
    }
}
