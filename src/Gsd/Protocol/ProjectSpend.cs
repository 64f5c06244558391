using Gsd.Layout;

namespace Gsd.Protocol;

/// <summary>
/// What the project has spent in all (every run, solo and parallel), as opposed to <see cref="BudgetGuard.RunSpend"/>
/// (one run): the project-root <c>.gsd/metrics.json</c> (solo `gsd auto` units and merged workers' carried entries),
/// plus each worktree's ledger entries not carried there yet, plus — for a worker whose worktree ledger is gone and whose
/// entries were never carried — the cost its status file last reported. Each unit is counted once.
/// </summary>
public static class ProjectSpend
{
    public static decimal Total(ParallelPaths paths, IReadOnlyList<WorkerStatus> statuses)
    {
        var root = MetricsLedger.ReadFile(GsdPaths.MetricsFile(paths.ProjectRoot)).Units;
        var total = root.Sum(u => u.Cost);
        // The same key MergeCleanup uses when it carries a worker's entries, so an entry carried is not counted again.
        var carried = root.Where(u => u.MilestoneId is not null).Select(u => (u.MilestoneId, u.Id, u.StartedAt, u.Attempt)).ToHashSet();
        var carriedMilestones = root.Select(u => u.MilestoneId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var fromLedger = new HashSet<string>(StringComparer.Ordinal);
        if (Directory.Exists(paths.WorktreesDirectory))
        {
            foreach (var dir in Directory.EnumerateDirectories(paths.WorktreesDirectory))
            {
                var id = Path.GetFileName(dir);
                var file = GsdPaths.MetricsFile(dir);
                if (!MilestoneId.IsValid(id) || !File.Exists(file))
                {
                    continue;
                }
                fromLedger.Add(id);
                total += MetricsLedger.ReadFile(file).Units.Where(u => !carried.Contains((id, u.Id, u.StartedAt, u.Attempt))).Sum(u => u.Cost);
            }
        }
        // The ledger is written before the status file, so it is never behind it; the status file counts only without one.
        total += statuses.Where(s => !fromLedger.Contains(s.MilestoneId) && !carriedMilestones.Contains(s.MilestoneId)).Sum(s => s.Cost);
        return total;
    }
}
