using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gsd.IO;
using Gsd.Layout;

namespace Gsd.Planning;

/// <summary>What a park, unpark or discard did (<see cref="Changed"/> false: it was already so), said in one line.</summary>
public sealed record ParkingResult(string MilestoneId, bool Changed, string Message);

/// <summary>
/// <c>gsd milestone park / unpark / discard</c>, with GSD-2's own file: <c>M###-PARKED.md</c> (frontmatter
/// <c>parked_at</c>, <c>reason</c>; heading <c># M### — Parked</c>; the reason quoted). A parked milestone is
/// skipped by <c>gsd auto</c>, listed <c>parked</c> by <c>gsd queue</c> and ineligible for <c>gsd parallel start</c>.
/// </summary>
public static class MilestoneParking
{
    public const string DefaultReason = "Parked with gsd milestone park";

    /// <exception cref="GsdException">No such milestone, or it is complete (exit 2).</exception>
    public static ParkingResult Park(string projectRoot, string milestoneId, string? reason, DateTimeOffset now)
    {
        var milestone = Load(projectRoot, milestoneId);
        if (milestone.IsComplete)
        {
            throw new GsdException($"{milestoneId} is complete; a complete milestone cannot be parked (it already satisfies what depends on it).", ExitCodes.Usage);
        }
        var path = GsdPaths.ParkedFile(projectRoot, milestoneId);
        if (File.Exists(path))
        {
            return new ParkingResult(milestoneId, false, $"{milestoneId} is already parked ({GsdPaths.Relative(projectRoot, path)})");
        }
        var why = string.IsNullOrWhiteSpace(reason) ? DefaultReason : string.Join(' ', reason.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var text = $"---\nparked_at: {now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}\n"
            + $"reason: \"{why.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"\n---\n\n"
            + $"# {milestoneId} — Parked\n\n> {why}\n";
        if (!AtomicFile.TryCreateNew(path, text))
        {
            return new ParkingResult(milestoneId, false, $"{milestoneId} is already parked ({GsdPaths.Relative(projectRoot, path)})");
        }
        return new ParkingResult(milestoneId, true, $"{milestoneId} parked: {why} (wrote {GsdPaths.Relative(projectRoot, path)}; `gsd milestone unpark {milestoneId}` to resume)");
    }

    /// <exception cref="GsdException">No such milestone (exit 2).</exception>
    public static ParkingResult Unpark(string projectRoot, string milestoneId)
    {
        Load(projectRoot, milestoneId);
        var path = GsdPaths.ParkedFile(projectRoot, milestoneId);
        if (!File.Exists(path))
        {
            return new ParkingResult(milestoneId, false, $"{milestoneId} is not parked");
        }
        File.Delete(path);
        return new ParkingResult(milestoneId, true, $"{milestoneId} unparked (removed {GsdPaths.Relative(projectRoot, path)})");
    }

    /// <summary>
    /// Deletes the directory of a milestone that was never started and takes it out of QUEUE-ORDER.json.
    /// <paramref name="workElsewhere"/> is where git holds its work (its branch, a worktree): any of it refuses.
    /// </summary>
    /// <exception cref="GsdException">No such milestone, or it has been started, or others depend on it (exit 2); nothing is changed.</exception>
    public static ParkingResult Discard(string projectRoot, string milestoneId, IReadOnlyList<string> workElsewhere)
    {
        var project = PlanningLoader.Load(projectRoot);
        var milestone = project.Find(milestoneId)
            ?? throw new GsdException($"no milestone {milestoneId}: there is no .gsd/milestones/{milestoneId}/. `gsd queue` lists the milestones.", ExitCodes.Usage);
        var started = new List<string>(workElsewhere);
        if (milestone.HasSummary)
        {
            started.Add($"it has a {milestoneId}-SUMMARY.md");
        }
        if (milestone.SlicesDone > 0 || milestone.TasksDone > 0)
        {
            started.Add($"{milestone.SlicesDone} slice(s) and {milestone.TasksDone} task(s) are done");
        }
        if (started.Count > 0)
        {
            throw new GsdException(
                $"{milestoneId} has been started, so discard refuses (it deletes only what was never worked on): {string.Join("; ", started)}. "
                + $"Park it instead: `gsd milestone park {milestoneId}`.",
                ExitCodes.Usage);
        }
        var dependents = project.Milestones.Where(m => m.DependsOn.Contains(milestoneId, StringComparer.Ordinal)).Select(m => m.Id).ToList();
        if (dependents.Count > 0)
        {
            throw new GsdException(
                $"{string.Join(", ", dependents)} depend{(dependents.Count == 1 ? "s" : "")} on {milestoneId}; remove {milestoneId} from their depends_on first.",
                ExitCodes.Usage);
        }
        var directory = GsdPaths.MilestoneDirectory(projectRoot, milestoneId);
        Directory.Delete(directory, recursive: true);
        var pruned = PruneQueueOrder(projectRoot, milestoneId);
        return new ParkingResult(
            milestoneId,
            true,
            $"{milestoneId} discarded: removed {GsdPaths.RelativeMilestoneDirectory(milestoneId)}/{(pruned ? " and its entry in .gsd/QUEUE-ORDER.json" : string.Empty)}");
    }

    private static Milestone Load(string projectRoot, string milestoneId)
    {
        MilestoneId.Require(milestoneId);
        if (!Directory.Exists(GsdPaths.MilestoneDirectory(projectRoot, milestoneId)))
        {
            throw new GsdException($"no milestone {milestoneId}: there is no .gsd/milestones/{milestoneId}/. `gsd queue` lists the milestones.", ExitCodes.Usage);
        }
        return PlanningLoader.LoadMilestone(projectRoot, milestoneId);
    }

    /// <summary>Takes the id out of <c>{"order": [...]}</c>, keeping every other key; false when it was not listed (or the file is unusable).</summary>
    private static bool PruneQueueOrder(string projectRoot, string milestoneId)
    {
        var path = GsdPaths.QueueOrderFile(projectRoot);
        if (!File.Exists(path))
        {
            return false;
        }
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException)
        {
            return false; // reported by gsd queue and doctor; not ours to rewrite
        }
        if (root is not JsonObject obj || obj["order"] is not JsonArray order)
        {
            return false;
        }
        var kept = order.Where(n => n is null || n.GetValueKind() != JsonValueKind.String || n.GetValue<string>() != milestoneId).Select(n => n?.DeepClone()).ToArray();
        if (kept.Length == order.Count)
        {
            return false;
        }
        obj["order"] = new JsonArray(kept);
        AtomicFile.WriteAllText(path, obj.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return true;
    }
}
