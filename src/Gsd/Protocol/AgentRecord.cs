using System.Text.Json.Serialization;
using Gsd.IO;
using Gsd.Layout;
using Gsd.Processes;

namespace Gsd.Protocol;

/// <summary>
/// <c>.gsd/parallel/&lt;MID&gt;.agent.json</c>: the agent a worker (parallel or solo) is running for the milestone — its pid, process
/// start time and process group — and the worker that owns it. Written atomically when the agent starts, removed when it
/// ends. Unlike auto.lock it survives the lock's removal, so a restarted worker and <c>gsd doctor --fix</c> can still stop
/// an agent whose worker was killed (ARCHITECTURE §6).
/// </summary>
public sealed record AgentRecord(
    string MilestoneId,
    int Pid,
    long ProcessStartedAt,
    int Pgid,
    int OwnerPid,
    long OwnerStartedAt,
    string? UnitId,
    string Checkout,
    DateTimeOffset StartedAt)
{
    public ProcessIdentity Agent => new(Pid, ProcessStartedAt);

    public ProcessIdentity Owner => new(OwnerPid, OwnerStartedAt);
}

/// <summary>Reads and writes <see cref="AgentRecord"/> files; an unreadable one reads as absent.</summary>
public static class AgentRecordStore
{
    private const string Suffix = ".agent.json";

    private static string FileOf(ParallelPaths paths, string milestoneId) => paths.AgentFile(milestoneId);

    public static void Write(ParallelPaths paths, AgentRecord record) =>
        JsonFile.Write(FileOf(paths, record.MilestoneId), record, AgentRecordJsonContext.Default.AgentRecord, Durability.Process);

    public static AgentRecord? TryRead(ParallelPaths paths, string milestoneId)
    {
        try
        {
            return JsonFile.Read(FileOf(paths, milestoneId), AgentRecordJsonContext.Default.AgentRecord);
        }
        catch (GsdException)
        {
            return null;
        }
    }

    /// <summary>Every readable record with a valid milestone id, in id order.</summary>
    public static IReadOnlyList<AgentRecord> ReadAll(ParallelPaths paths)
    {
        if (!Directory.Exists(paths.Directory))
        {
            return [];
        }
        return Directory.EnumerateFiles(paths.Directory, "*" + Suffix).Order(StringComparer.Ordinal)
            .Select(f => Path.GetFileName(f)[..^Suffix.Length])
            .Where(MilestoneId.IsValid)
            .Select(id => TryRead(paths, id))
            .OfType<AgentRecord>()
            .ToList();
    }

    /// <summary>Removes the record only while it is still <paramref name="seen"/> (another worker's newer record stays).</summary>
    public static void Remove(ParallelPaths paths, AgentRecord seen)
    {
        if (TryRead(paths, seen.MilestoneId) == seen)
        {
            File.Delete(FileOf(paths, seen.MilestoneId));
        }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(AgentRecord))]
internal sealed partial class AgentRecordJsonContext : JsonSerializerContext;
