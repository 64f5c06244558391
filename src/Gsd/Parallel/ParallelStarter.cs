using Gsd.Layout;
using Gsd.Merge;
using Gsd.Planning;
using Gsd.Preferences;
using Gsd.Processes;
using Gsd.Protocol;

namespace Gsd.Parallel;

/// <summary>
/// `gsd parallel start`: eligibility, then a background coordinator that makes the worktrees and starts the workers.
/// `start` returns once every worker it asked for heartbeats (or failed), so its table is the truth, not a guess.
/// </summary>
public sealed class ParallelStarter(ParallelPaths paths, GsdPreferences prefs, TimeProvider clock, Timings? timings = null)
{
    private readonly Timings _timings = timings ?? Timings.FromEnvironment();

    /// <summary>How long `start` waits for a launched worker's first heartbeat (or the coordinator's first report).</summary>
    private TimeSpan HeartbeatLimit => _timings.StartWait;

    public StartPlan Plan()
    {
        var project = PlanningLoader.Load(paths.ProjectRoot);
        var previous = CoordinatorStateStore.TryRead(paths);
        var now = clock.GetUtcNow();
        var adopt = WorkerStatusStore.ReadAll(paths).Where(s => WorkerStates.IsLive(s.State) && !WorkerHealth.IsDead(s, now, _timings)).ToList();
        var runStates = CarriedOver(previous) ?? new(StringComparer.Ordinal);
        foreach (var (id, run) in runStates.Where(kv => kv.Value.State == RunState.Running).ToList())
        {
            if (adopt.Any(s => s.MilestoneId == id))
            {
                continue;
            }
            // Its coordinator died before it saw the worker finish: the worker's own last word counts.
            var last = WorkerStatusStore.TryRead(paths, id);
            if (last is not null && last.Pid == run.WorkerPid && last.State == WorkerState.Complete)
            {
                runStates[id] = run with { State = RunState.Complete };
            }
            else
            {
                // A worker the last run thought running but which is dead now may start again.
                runStates.Remove(id);
            }
        }
        foreach (var s in adopt)
        {
            runStates[s.MilestoneId] = new MilestoneRun(RunState.Running) { WorkerPid = s.Pid, WorkerStartedAt = s.ProcessStartedAt };
        }
        var report = Eligibility.Compute(project, runStates);
        var toStart = report.Eligible.Take(Math.Max(0, prefs.Parallel.MaxWorkers - adopt.Count)).Select(e => e.Id).ToList();
        var active = ActiveCoordinator(paths);
        // After a coordinator crash, what completed meanwhile is merged by the next one under auto_merge: auto (which may
        // unblock more): that alone is work for `start`, not "No eligible milestones".
        var crashed = previous is not null && previous.ExitReason is null && active is null;
        var toMerge = crashed && prefs.Parallel.AutoMerge == AutoMerge.Auto
            ? runStates.Where(kv => kv.Value.State == RunState.Complete).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList()
            : [];
        return new StartPlan(report, toStart, adopt, active) { ToMerge = toMerge };
    }

    /// <summary>The pid of the coordinator running for this project now, or null.</summary>
    public static int? ActiveCoordinator(ParallelPaths paths) => ActiveCoordinatorIdentity(paths)?.Pid;

    /// <summary>The coordinator running for this project now (pid and verified start time), or null.</summary>
    public static ProcessIdentity? ActiveCoordinatorIdentity(ParallelPaths paths)
    {
        var holder = PidLock.Read(paths.CoordinatorLock);
        if (holder is not null && holder.Owner.IsAlive())
        {
            return holder.Owner;
        }
        var state = CoordinatorStateStore.TryRead(paths);
        var recorded = state is null ? null : new ProcessIdentity(state.Pid, state.ProcessStartedAt);
        return state is not null && state.ExitReason is null && recorded!.IsAlive() ? recorded : null;
    }

    /// <summary>
    /// A coordinator.lock or coordinator.json that names a live pid but no process start time (not one gsd wrote): that
    /// pid may belong to any process, so it is reported as unverifiable and never signalled. Null when there is none.
    /// </summary>
    public static string? UnverifiableCoordinator(ParallelPaths paths)
    {
        if (PidLock.Read(paths.CoordinatorLock) is { } holder && holder.Owner.IsUnverifiableButPidLive)
        {
            return $"{paths.CoordinatorLock} names pid {holder.Pid} without a process start time: unverifiable (it may be any process), so it was not signalled; "
                + "if no coordinator runs, delete that file (or run `gsd doctor --fix`)";
        }
        if (CoordinatorStateStore.TryRead(paths) is { ExitReason: null } state && new ProcessIdentity(state.Pid, state.ProcessStartedAt).IsUnverifiableButPidLive)
        {
            return $"{paths.CoordinatorFile} names pid {state.Pid} without a process start time: unverifiable (it may be any process), so it was not signalled";
        }
        return null;
    }

    /// <summary>Launches the coordinator detached and waits until each requested worker heartbeats or fails.</summary>
    public async Task<StartOutcome> StartInBackgroundAsync(StartPlan plan, CancellationToken ct)
    {
        Directory.CreateDirectory(paths.Directory);
        var launchedAt = clock.GetUtcNow();
        var coordinator = DetachedProcess.Start(
            [.. SelfCommand.Argv(), "-C", paths.ProjectRoot, "parallel", "coordinator", "--milestones", string.Join(',', plan.ToStart)],
            paths.ProjectRoot,
            paths.CoordinatorLog,
            DetachedProcess.CleanEnvironment());
        var ids = plan.ToMerge.Concat(plan.ToStart).Concat(plan.ToAdopt.Select(s => s.MilestoneId)).Distinct(StringComparer.Ordinal).ToList();
        var adopted = plan.ToAdopt.Select(s => s.MilestoneId).ToHashSet(StringComparer.Ordinal);
        var toMerge = plan.ToMerge.ToHashSet(StringComparer.Ordinal);
        // No overall deadline: making a worktree of a large tree can take long, and the coordinator reports each one.
        // Only a launched worker that never heartbeats, or a coordinator that never reports, ends the wait early.
        while (true)
        {
            var state = CoordinatorStateStore.TryRead(paths);
            var ours = state is not null && state.Pid == coordinator.Pid;
            var alive = coordinator.IsAlive();
            var now = clock.GetUtcNow();
            if (!ours && !alive)
            {
                // Lost a race with another `start` (its coordinator holds the lock), or failed before its first write.
                return ActiveCoordinator(paths) is { } other && other != coordinator.Pid
                    ? new StartOutcome([], other, null)
                    : new StartOutcome([], null, $"the coordinator exited at once; its log {paths.CoordinatorLog} ends:\n{LogTail(paths.CoordinatorLog)}");
            }
            if (!ours)
            {
                if (now - launchedAt > HeartbeatLimit || ct.IsCancellationRequested)
                {
                    return new StartOutcome([], null, $"the coordinator (pid {coordinator.Pid}) has not reported after {HeartbeatLimit.TotalSeconds:0} s; see `gsd parallel status` and {paths.CoordinatorLog}");
                }
            }
            else
            {
                if (toMerge.Count > 0 && toMerge.All(id => state!.Milestones.GetValueOrDefault(id)?.State is not (null or RunState.Running or RunState.Complete)))
                {
                    // Merged: the milestones that merge unblocked are started by the same coordinator; wait for them too.
                    ids.AddRange(state!.Milestones
                        .Where(kv => kv.Value.State == RunState.Running && kv.Value.LaunchedAt >= launchedAt && !ids.Contains(kv.Key))
                        .Select(kv => kv.Key)
                        .Order(StringComparer.Ordinal));
                }
                var results = ids.Select(id => toMerge.Contains(id) ? ObserveMerge(id, state!) : Observe(id, state!, adopted.Contains(id), now)).ToList();
                // Ended (exited, or died: a SIGTERM still writes an exit reason, a SIGKILL does not): nothing pending will start now.
                var ended = state!.ExitReason is not null || !alive;
                var outcome = new StartOutcome(results, null, null) { CoordinatorPid = coordinator.Pid, CoordinatorLog = paths.CoordinatorLog, CoordinatorEnded = ended };
                if (results.All(r => r.State != "pending") || state.ExitReason is not null || ct.IsCancellationRequested)
                {
                    return outcome with { Error = ct.IsCancellationRequested ? "interrupted while waiting; the run goes on (see `gsd parallel status`)" : null };
                }
                if (!alive)
                {
                    // With no worker started the outcome says so (NothingRunning); with some, they run on and this is a warning.
                    return results.Any(r => r.Started)
                        ? outcome with { Error = $"the coordinator died; its log {paths.CoordinatorLog} ends:\n{LogTail(paths.CoordinatorLog)}" }
                        : outcome;
                }
            }
            try
            {
                await Task.Delay(_timings.StartPoll, clock, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>A milestone the coordinator merges first (it completed while no coordinator ran): pending until merged, or why not.</summary>
    private static StartedWorker ObserveMerge(string id, CoordinatorState state) =>
        state.Milestones.GetValueOrDefault(id) is { State: not (RunState.Running or RunState.Complete) } run
            ? new StartedWorker(id, false, run.WorkerPid, null, MilestoneBranch.Name(id), run.State.Name(), run.Error)
            : new StartedWorker(id, false, 0, null, null, "pending", null);

    private StartedWorker Observe(string id, CoordinatorState state, bool adopted, DateTimeOffset now)
    {
        var run = state.Milestones.GetValueOrDefault(id);
        var status = WorkerStatusStore.TryRead(paths, id);
        if (run is null)
        {
            return new StartedWorker(id, false, 0, null, null, "pending", null);
        }
        // Still starting (agent check, crash recovery): wait for it to run or fail, so `start` can say whether anything runs.
        if (status is { State: WorkerState.Starting } && status.Pid == run.WorkerPid && run.LaunchedAt is { } since && now - since <= HeartbeatLimit)
        {
            return new StartedWorker(id, false, run.WorkerPid, null, null, "pending", null);
        }
        if (status is not null && status.Pid == run.WorkerPid)
        {
            return new StartedWorker(id, true, status.Pid, status.Worktree, status.Branch, status.State.Name(), status.Error) { Adopted = adopted };
        }
        if (run.State != RunState.Running)
        {
            return new StartedWorker(id, false, run.WorkerPid, null, MilestoneBranch.Name(id), run.State.Name(), run.Error);
        }
        return run.LaunchedAt is { } launched && now - launched > HeartbeatLimit
            ? new StartedWorker(id, false, run.WorkerPid, null, MilestoneBranch.Name(id), WorkerState.Starting.Name(), $"worker pid {run.WorkerPid} has sent no heartbeat after {HeartbeatLimit.TotalSeconds:0} s; see `gsd parallel status` and {paths.LogFile(id)}")
            : new StartedWorker(id, false, run.WorkerPid, null, null, "pending", null);
    }

    /// <summary>
    /// What a new run inherits from the last one: milestones running (their workers may still live), and those finished
    /// but not merged (ARCHITECTURE §7) — these must not start again as new.
    /// </summary>
    internal static Dictionary<string, MilestoneRun>? CarriedOver(CoordinatorState? previous) =>
        previous?.Milestones
            .Where(kv => kv.Value.State is RunState.Running or RunState.Complete or RunState.Conflict or RunState.Failed)
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    /// <param name="tick">The coordinator's period unless the environment sets one (GSD_COORDINATOR_TICK_MS, GSD_TIMINGS); else 1 s.</param>
    /// <param name="warnings">Where the merge queue reports advice that failed (the command's stderr).</param>
    public static Coordinator CreateCoordinator(ParallelPaths paths, GsdPreferences prefs, TimeProvider clock, Action<ParallelEvent>? echo, TimeSpan? tick = null, TextWriter? warnings = null)
    {
        var timings = Timings.FromEnvironment();
        if (tick is { } period && timings.CoordinatorTick == Timings.Default.CoordinatorTick)
        {
            timings = timings with { CoordinatorTick = period };
        }
        return new(paths, prefs, clock, new EventLog(paths, clock, echo), MilestoneMerger.ForCoordinator(paths, prefs, clock, warnings), new ProcessWorkerStarter(paths), timings);
    }

    private static string LogTail(string path)
    {
        try
        {
            return File.Exists(path) ? ShellCommand.Tail(File.ReadAllText(path), 10) : "(no log)";
        }
        catch (IOException ex)
        {
            return $"(unreadable: {ex.Message})";
        }
    }
}
