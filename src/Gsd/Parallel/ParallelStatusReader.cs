using Gsd.Layout;
using Gsd.Planning;
using Gsd.Processes;
using Gsd.Protocol;

namespace Gsd.Parallel;

/// <summary>
/// Reads every worker's status file and the coordinator's record into one report; correct with or without a coordinator.
/// The report is of the current run unless <c>all</c>: a status file the current coordinator record does not list, and
/// that is merged or ended without leaving work to merge (stopped, blocked, error), is an earlier run's and is left out.
/// </summary>
public static class ParallelStatusReader
{
    public static ParallelStatusReport Read(ParallelPaths paths, PlanningProject? project, decimal? ceiling, DateTimeOffset now, Timings? timings = null, bool all = false)
    {
        timings ??= Timings.FromEnvironment();
        // One read of each file (coordinator.json and every status file) serves the report, its list of unreadable files
        // and the run's spend.
        var scan = WorkerStatusStore.Scan(paths);
        var coordinator = scan.Coordinator;
        var coordinatorAlive = coordinator is not null && coordinator.ExitReason is null
            && new ProcessIdentity(coordinator.Pid, coordinator.ProcessStartedAt).IsAlive();
        // Died without recording why it ended (kill -9, OOM): its record of running milestones is stale.
        var coordinatorCrashed = coordinator is not null && coordinator.ExitReason is null && !coordinatorAlive;
        var merges = new MergeLedger(paths).Read().Milestones;
        // A worker writes its last word, then exits: one seen live in the scan but dead now may have ended in between, so
        // its file is read again before it is called crashed.
        var statuses = scan.Statuses
            .Select(s => WorkerStates.IsLive(s.State) && WorkerHealth.IsDead(s, now, timings) ? WorkerStatusStore.TryRead(paths, s.MilestoneId) ?? s : s)
            .ToList();
        // Looked up by id once: with hundreds of milestones a linear search per worker would make status quadratic.
        var planned = project?.Milestones.GroupBy(m => m.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal)
            ?? new Dictionary<string, Milestone>(StringComparer.Ordinal);
        var workers = new List<WorkerView>();
        var shown = new HashSet<string>(StringComparer.Ordinal);
        var ready = new List<string>();
        var hidden = 0;
        foreach (var s in statuses)
        {
            var run = coordinator?.Milestones.GetValueOrDefault(s.MilestoneId);
            // merges.json is the last word on a merge, whether the coordinator or `gsd parallel merge` made it.
            var merge = merges.GetValueOrDefault(s.MilestoneId);
            var runState = merge?.Outcome switch
            {
                MergeRecordOutcome.Merged => RunState.Merged,
                MergeRecordOutcome.Conflict => RunState.Conflict,
                MergeRecordOutcome.Failed => RunState.Failed,
                _ => run?.State is RunState.Running && coordinatorCrashed && s.Pid == run.WorkerPid && WorkerStates.IsFinal(s.State)
                    ? Finished(s.State) // it finished after its coordinator died: its own last word counts
                    : run?.State,
            };
            var state = WorkerHealth.EffectiveState(s, SignalSender.LastSent(paths, s.MilestoneId), now, timings);
            var earlier = coordinator is not null && run is null
                && (runState == RunState.Merged || state is WorkerState.Stopped or WorkerState.Blocked or WorkerState.Error);
            if (earlier && !all)
            {
                hidden++;
                continue;
            }
            if (state == WorkerState.Complete && runState is null or RunState.Complete or RunState.Conflict or RunState.Failed)
            {
                ready.Add(s.MilestoneId);
            }
            workers.Add(new WorkerView(
                s.MilestoneId,
                planned.GetValueOrDefault(s.MilestoneId)?.Title ?? string.Empty,
                state.Name(),
                s.Pid,
                s.CurrentUnit,
                s.CompletedUnits,
                s.Progress,
                s.Cost,
                Age(now, s.LastHeartbeat),
                s.Worktree,
                s.Branch,
                merge is { Outcome: MergeRecordOutcome.Conflict or MergeRecordOutcome.Failed } ? merge.Error : s.Error ?? run?.Error,
                runState)
            {
                EarlierRun = earlier,
                CostUnknown = s.CostUnknown == true,
                WaitingUntil = state == WorkerState.Waiting ? s.WaitingUntil : null,
                WaitReason = state == WorkerState.Waiting ? s.WaitReason : null,
                PermissionDenials = s.PermissionDenials,
                Activity = WorkerStates.IsLive(state) ? s.Activity : null,
                UnitCostSoFar = WorkerStates.IsLive(state) ? s.UnitCostSoFar : null,
            });
            shown.Add(s.MilestoneId);
        }
        // Milestones of the run that never wrote a status file (worktree failed, merge conflict after cleanup) still show.
        if (coordinator is not null)
        {
            foreach (var (id, run) in coordinator.Milestones.Where(kv => !shown.Contains(kv.Key)).OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                // Shown with its run state in place of a worker state; one that completed is ready to merge like any other.
                // Its progress is the plan's in the project root (its worktree, if any, never reported one).
                var plan = planned.GetValueOrDefault(id);
                var progress = plan is null ? new Progress() : new Progress(plan.SlicesDone, plan.SlicesTotal, plan.TasksDone, plan.TasksTotal);
                workers.Add(new WorkerView(id, plan?.Title ?? string.Empty, run.State.Name(), run.WorkerPid, null, 0, progress, 0, 0, null, MilestoneBranch.Name(id), run.Error, run.State));
                if (run.State == RunState.Complete)
                {
                    ready.Add(id);
                }
            }
        }
        // The same sum the budget ceiling is checked against: this run's workers, live and finished, and merged ones retired.
        var runCost = BudgetGuard.RunSpend(coordinator, statuses);
        var reached = (ceiling is not null && runCost >= ceiling.Value) || coordinator?.BudgetReached == true;
        return new ParallelStatusReport(
            new CoordinatorInfo(coordinator?.Pid, coordinatorAlive, coordinator?.RunId, coordinator is null ? null : Age(now, coordinator.LastHeartbeat), coordinator?.ExitReason)
            {
                Paused = coordinatorAlive && coordinator!.Paused,
                Stopping = coordinatorAlive && coordinator!.Stopping,
                Crashed = coordinatorCrashed,
            },
            workers,
            ProjectSpend.Total(paths, statuses),
            ceiling,
            reached,
            ready,
            // A prediction about a branch that has since merged no longer holds.
            (coordinator?.PredictedConflicts ?? []).Where(p => !IsMerged(p.A) && (p.B is null || !IsMerged(p.B))).ToList())
        {
            RunId = coordinator?.RunId,
            RunCost = runCost,
            EarlierRunsHidden = hidden,
            Unreadable = scan.Unreadable,
            Preferences = RunPreferencesStore.TryRead(paths) is { } taken
                ? new RunPreferencesView(RunPreferencesStore.Describe(taken, paths.ProjectRoot), taken.Files.Select(f => f.Path).ToList(), taken.TakenAt, taken.RunId)
                : null,
            AgentHold = AgentHold.Read(paths.AgentHoldFile) is { } hold && hold.Holds(hold.Agent, now) ? hold : null,
        };

        bool IsMerged(string id) => merges.GetValueOrDefault(id)?.Outcome == MergeRecordOutcome.Merged;
    }

    private static RunState Finished(WorkerState state) => state switch
    {
        WorkerState.Complete => RunState.Complete,
        WorkerState.Stopped => RunState.Stopped,
        WorkerState.Blocked => RunState.Blocked,
        _ => RunState.Error,
    };

    /// <summary>Seconds since a heartbeat; never negative (a file may be written after this reader took its clock reading).</summary>
    private static double Age(DateTimeOffset now, DateTimeOffset then) => Math.Max(0, Math.Round((now - then).TotalSeconds, 1));
}
