using Gsd.IO;
using Gsd.Layout;

namespace Gsd.Protocol;

/// <summary>Reads the workers' status files; a torn or unreadable file reads as absent (it is rewritten within a heartbeat).</summary>
public static class WorkerStatusStore
{
    public static WorkerStatus? TryRead(ParallelPaths paths, string milestoneId)
    {
        try
        {
            return JsonFile.Read(paths.StatusFile(milestoneId), GsdJsonContext.Default.WorkerStatus);
        }
        catch (GsdException)
        {
            return null;
        }
    }

    /// <summary>Every readable status file with a valid milestone id, in id order.</summary>
    public static IReadOnlyList<WorkerStatus> ReadAll(ParallelPaths paths)
    {
        var list = new List<WorkerStatus>();
        if (!Directory.Exists(paths.Directory))
        {
            return list;
        }
        foreach (var file in Directory.EnumerateFiles(paths.Directory, "*.status.json").Order(StringComparer.Ordinal))
        {
            var id = Path.GetFileName(file)[..^".status.json".Length];
            if (Layout.MilestoneId.IsValid(id) && TryRead(paths, id) is { } status && status.MilestoneId == id)
            {
                list.Add(status);
            }
        }
        return list;
    }
}
