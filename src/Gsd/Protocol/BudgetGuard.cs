using System.Globalization;
using Gsd.IO;
using Gsd.Layout;

namespace Gsd.Protocol;

public sealed record BudgetDecision(bool MayStart, decimal Spent, decimal? Ceiling)
{
    public string Describe() => Ceiling is null
        ? string.Create(CultureInfo.InvariantCulture, $"spent ${Spent:0.00} (no ceiling)")
        : string.Create(CultureInfo.InvariantCulture, $"spent ${Spent:0.00} of the ${Ceiling:0.00} ceiling");
}

/// <summary>
/// Asked before every unit. Solo: the worker's own ledger against the ceiling. Parallel: the run's aggregate —
/// every worker's last reported cost, live and finished — so one worker cannot spend what the others already have.
/// </summary>
public sealed class BudgetGuard(decimal? ceiling, Func<decimal> spent)
{
    public BudgetDecision Check()
    {
        var total = spent();
        return new BudgetDecision(ceiling is null || total < ceiling.Value, total, ceiling);
    }

    /// <summary>
    /// Aggregate cost of a parallel run from the files in <c>.gsd/parallel/</c>, read here, for a caller that has not read
    /// them. Every status file that parses counts, even one the status report calls unreadable (a field missing): a
    /// ceiling errs on the side of counting.
    /// </summary>
    public static decimal RunSpend(ParallelPaths paths, string? selfMilestoneId = null, decimal selfCost = 0) =>
        RunSpend(CoordinatorStateStore.TryRead(paths), ReadEveryStatus(paths), selfMilestoneId, selfCost);

    /// <summary>
    /// Aggregate cost of the run <paramref name="run"/> records from status files the caller has already read (an unreadable
    /// or torn one is skipped this time; it is rewritten within one heartbeat), and the run's record of merged workers.
    /// <paramref name="selfMilestoneId"/>'s file is left out for <paramref name="selfCost"/>, the caller's own newer figure.
    /// </summary>
    public static decimal RunSpend(CoordinatorState? run, IEnumerable<WorkerStatus> statuses, string? selfMilestoneId = null, decimal selfCost = 0)
    {
        var members = run?.Milestones.Keys.ToHashSet(StringComparer.Ordinal);
        // A unit in progress counts with what it has cost so far, so the ceiling can stop it mid-unit.
        var total = statuses
            .Where(s => s.MilestoneId != selfMilestoneId && (members is null || members.Contains(s.MilestoneId)))
            .Sum(s => s.Cost + (s.UnitCostSoFar ?? 0));
        // Cost of workers whose status files are gone (merged and cleaned up) stays in the run's record.
        return total + (run?.RetiredCost ?? 0) + selfCost;
    }

    /// <summary>Each status file that parses, named by its file name.</summary>
    private static List<WorkerStatus> ReadEveryStatus(ParallelPaths paths)
    {
        var statuses = new List<WorkerStatus>();
        if (!Directory.Exists(paths.Directory))
        {
            return statuses;
        }
        foreach (var file in Directory.EnumerateFiles(paths.Directory, "*.status.json"))
        {
            try
            {
                if (JsonFile.Read(file, GsdJsonContext.Default.WorkerStatus) is { } status)
                {
                    statuses.Add(status with { MilestoneId = Path.GetFileName(file)[..^".status.json".Length] });
                }
            }
            catch (GsdException)
            {
                // A torn file is skipped this time; it is rewritten within one heartbeat.
            }
        }
        return statuses;
    }
}
