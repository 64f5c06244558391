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

    /// <summary>Aggregate cost of a parallel run from the status files in <c>.gsd/parallel/</c> (and the run's record of merged workers).</summary>
    public static decimal RunSpend(ParallelPaths paths, string? selfMilestoneId = null, decimal selfCost = 0)
    {
        var total = 0m;
        var run = CoordinatorStateStore.TryRead(paths);
        var members = run?.Milestones.Keys.ToHashSet(StringComparer.Ordinal);
        if (Directory.Exists(paths.Directory))
        {
            foreach (var file in Directory.EnumerateFiles(paths.Directory, "*.status.json"))
            {
                var id = Path.GetFileName(file)[..^".status.json".Length];
                if (members is not null && !members.Contains(id) && id != selfMilestoneId)
                {
                    continue;
                }
                if (id == selfMilestoneId)
                {
                    continue;
                }
                try
                {
                    // A unit in progress counts with what it has cost so far, so the ceiling can stop it mid-unit.
                    var status = JsonFile.Read(file, GsdJsonContext.Default.WorkerStatus);
                    total += (status?.Cost ?? 0) + (status?.UnitCostSoFar ?? 0);
                }
                catch (GsdException)
                {
                    // A torn file is skipped this time; it is rewritten within one heartbeat.
                }
            }
        }
        // Cost of workers whose status files are gone (merged and cleaned up) stays in the run's record.
        total += run?.RetiredCost ?? 0;
        return total + selfCost;
    }
}
