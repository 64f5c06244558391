using Gsd.IO;
using Gsd.Layout;

namespace Gsd.Protocol;

/// <summary>
/// Reads the workers' status files. They are written atomically, so one that does not parse (or lacks a field every
/// status has) was damaged by something else: readers skip it, and <see cref="Unreadable"/> names it for the user.
/// </summary>
public static class WorkerStatusStore
{
    public static WorkerStatus? TryRead(ParallelPaths paths, string milestoneId)
    {
        try
        {
            return Read(paths.StatusFile(milestoneId));
        }
        catch (GsdException)
        {
            return null;
        }
    }

    /// <summary>Every readable status file with a valid milestone id, in id order.</summary>
    public static IReadOnlyList<WorkerStatus> ReadAll(ParallelPaths paths)
    {
        var statuses = new List<WorkerStatus>();
        ReadStatusFiles(paths, statuses, []);
        return statuses;
    }

    /// <summary>
    /// One pass over the run's files: the coordinator record (null when absent or unreadable), the readable status files in
    /// id order, and the files that exist but cannot be read (or name another milestone), each with why. Each file is read once.
    /// </summary>
    public static StatusScan Scan(ParallelPaths paths)
    {
        var statuses = new List<WorkerStatus>();
        var unreadable = new List<UnreadableFile>();
        CoordinatorState? coordinator = null;
        try
        {
            coordinator = JsonFile.Read(paths.CoordinatorFile, GsdJsonContext.Default.CoordinatorState);
        }
        catch (GsdException ex)
        {
            unreadable.Add(new UnreadableFile(paths.CoordinatorFile, Reason(ex, paths.CoordinatorFile)));
        }
        ReadStatusFiles(paths, statuses, unreadable);
        return new StatusScan(statuses, unreadable) { Coordinator = coordinator };
    }

    private static void ReadStatusFiles(ParallelPaths paths, List<WorkerStatus> statuses, List<UnreadableFile> unreadable)
    {
        foreach (var (id, file) in StatusFiles(paths))
        {
            try
            {
                switch (Read(file))
                {
                    case { } status when status.MilestoneId == id:
                        statuses.Add(status);
                        break;
                    case { } other:
                        unreadable.Add(new UnreadableFile(file, $"it names milestone {other.MilestoneId}, not {id}"));
                        break;
                }
            }
            catch (GsdException ex)
            {
                unreadable.Add(new UnreadableFile(file, Reason(ex, file)));
            }
        }
    }

    private static WorkerStatus? Read(string file)
    {
        var status = JsonFile.Read(file, GsdJsonContext.Default.WorkerStatus);
        // JSON null in a field every writer sets would surface later as a NullReferenceException.
        var missing = status switch
        {
            null => null,
            { MilestoneId: null } => "milestoneId",
            { Progress: null } => "progress",
            _ => null,
        };
        return missing is null ? status : throw new GsdException($"{file}: it has no {missing} (missing or null)");
    }

    private static IEnumerable<(string Id, string File)> StatusFiles(ParallelPaths paths)
    {
        if (!Directory.Exists(paths.Directory))
        {
            return [];
        }
        return Directory.EnumerateFiles(paths.Directory, "*.status.json").Order(StringComparer.Ordinal)
            .Select(file => (Id: Path.GetFileName(file)[..^".status.json".Length], File: file))
            .Where(f => MilestoneId.IsValid(f.Id));
    }

    /// <summary>The exception's message without the path it starts with (the report names the file itself).</summary>
    private static string Reason(GsdException ex, string file) =>
        ex.Message.StartsWith(file + ": ", StringComparison.Ordinal) ? ex.Message[(file.Length + 2)..] : ex.Message;
}

/// <summary>The status files read in one pass: the readable ones, and the state files that exist but cannot be read.</summary>
public sealed record StatusScan(IReadOnlyList<WorkerStatus> Statuses, IReadOnlyList<UnreadableFile> Unreadable)
{
    /// <summary>coordinator.json as read in the same pass (what <see cref="CoordinatorStateStore.TryRead"/> would give).</summary>
    public CoordinatorState? Coordinator { get; init; }
}

/// <summary>A state file that exists but cannot be read, and why.</summary>
public sealed record UnreadableFile(string Path, string Reason);
