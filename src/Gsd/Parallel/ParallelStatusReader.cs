using Gsd.IO;
using Gsd.Planning;

namespace Gsd.Parallel;

/// <summary>Reads every worker's status file and the coordinator's record into one report; correct with or without a coordinator.</summary>
public static class ParallelStatusReader
{
    public static ParallelStatusReport Read(ParallelPaths paths, PlanningProject? project, decimal? ceiling, DateTimeOffset now)
    {
        var coordinator = CoordinatorStateStore.TryRead(paths);
        var coordinatorAlive = coordinator is not null && coordinator.ExitReason is null
            && new ProcessIdentity(coordinator.Pid, coordinator.ProcessStartedAt).IsAlive();
        var workers = new List<WorkerView>();
        if (Directory.Exists(paths.Directory))
        {
            foreach (var file in Directory.EnumerateFiles(paths.Directory, "*.status.json").Order(StringComparer.Ordinal))
            {
                WorkerStatus? s;
                try
                {
                    s = JsonFile.Read(file, GsdJsonContext.Default.WorkerStatus);
                }
                catch (GsdException)
                {
                    continue;
                }
                if (s is null || !MilestoneId.IsValid(s.MilestoneId))
                {
                    continue;
                }
                var run = coordinator?.Milestones.GetValueOrDefault(s.MilestoneId);
                workers.Add(new WorkerView(
                    s.MilestoneId,
                    project?.Find(s.MilestoneId)?.Title ?? string.Empty,
                    WorkerHealth.EffectiveState(s, now),
                    s.Pid,
                    s.CurrentUnit,
                    s.CompletedUnits,
                    s.Progress,
                    s.Cost,
                    Math.Round((now - s.LastHeartbeat).TotalSeconds, 1),
                    s.Worktree,
                    s.Branch,
                    s.Error ?? run?.Error,
                    run?.State));
            }
        }
        // Milestones of the run that never wrote a status file (worktree failed, merge conflict after cleanup) still show.
        if (coordinator is not null)
        {
            foreach (var (id, run) in coordinator.Milestones.Where(kv => workers.All(w => w.MilestoneId != kv.Key)).OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                workers.Add(new WorkerView(id, project?.Find(id)?.Title ?? string.Empty, run.State, run.WorkerPid, null, 0, new Progress(), 0, 0, null, ParallelPaths.Branch(id), run.Error, run.State));
            }
        }
        var total = workers.Sum(w => w.Cost) + (coordinator?.RetiredCost ?? 0);
        var reached = (ceiling is not null && total >= ceiling.Value) || coordinator?.BudgetReached == true;
        var ready = workers
            .Where(w => w.State == WorkerStates.Complete && w.RunState is null or RunStates.Complete or RunStates.Conflict or RunStates.Failed)
            .Select(w => w.MilestoneId)
            .ToList();
        return new ParallelStatusReport(
            new CoordinatorInfo(coordinator?.Pid, coordinatorAlive, coordinator?.RunId, coordinator is null ? null : Math.Round((now - coordinator.LastHeartbeat).TotalSeconds, 1), coordinator?.ExitReason),
            workers,
            total,
            ceiling,
            reached,
            ready,
            coordinator?.PredictedConflicts ?? []);
    }
}
