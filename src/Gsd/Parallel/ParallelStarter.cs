using Gsd.Agents;
using Gsd.IO;
using Gsd.Planning;
using Gsd.Preferences;

namespace Gsd.Parallel;

/// <summary>
/// `gsd parallel start`: eligibility, then a background coordinator that makes the worktrees and starts the workers.
/// `start` returns once every worker it asked for heartbeats (or failed), so its table is the truth, not a guess.
/// </summary>
public sealed class ParallelStarter(ParallelPaths paths, GsdPreferences prefs, TimeProvider clock)
{
    /// <summary>How long `start` waits for the coordinator to report every worker it asked for.</summary>
    public static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(2);

    public StartPlan Plan()
    {
        var project = PlanningLoader.Load(paths.ProjectRoot);
        var previous = CoordinatorStateStore.TryRead(paths);
        var now = clock.GetUtcNow();
        var adopt = WorkerStatusStore.ReadAll(paths).Where(s => WorkerStates.IsLive(s.State) && !WorkerHealth.IsDead(s, now)).ToList();
        var runStates = CarriedOver(previous) ?? new(StringComparer.Ordinal);
        foreach (var (id, run) in runStates.Where(kv => kv.Value.State == RunStates.Running).ToList())
        {
            // A worker the last run thought running but which is dead now may start again.
            if (adopt.All(s => s.MilestoneId != id))
            {
                runStates.Remove(id);
            }
        }
        foreach (var s in adopt)
        {
            runStates[s.MilestoneId] = new MilestoneRun(RunStates.Running) { WorkerPid = s.Pid, WorkerStartedAt = s.ProcessStartedAt };
        }
        var report = Eligibility.Compute(project, runStates);
        var toStart = report.Eligible.Take(Math.Max(0, prefs.Parallel.MaxWorkers - adopt.Count)).Select(e => e.Id).ToList();
        return new StartPlan(report, toStart, adopt, ActiveCoordinator(paths));
    }

    /// <summary>The pid of the coordinator running for this project now, or null.</summary>
    public static int? ActiveCoordinator(ParallelPaths paths)
    {
        var holder = PidLock.Read(paths.CoordinatorLock);
        if (holder is not null && holder.Owner.IsAlive())
        {
            return holder.Pid;
        }
        var state = CoordinatorStateStore.TryRead(paths);
        return state is not null && state.ExitReason is null && new ProcessIdentity(state.Pid, state.ProcessStartedAt).IsAlive() ? state.Pid : null;
    }

    /// <summary>Launches the coordinator detached and waits until each requested worker heartbeats or fails.</summary>
    public async Task<StartOutcome> StartInBackgroundAsync(StartPlan plan, CancellationToken ct)
    {
        Directory.CreateDirectory(paths.Directory);
        var coordinator = WorkerLauncher.StartDetached(
            [.. SelfCommand.Argv(), "-C", paths.ProjectRoot, "parallel", "coordinator", "--milestones", string.Join(',', plan.ToStart)],
            paths.ProjectRoot,
            paths.CoordinatorLog,
            WorkerLauncher.CleanEnvironment());
        var ids = plan.ToStart.Concat(plan.ToAdopt.Select(s => s.MilestoneId)).Distinct(StringComparer.Ordinal).ToList();
        var adopted = plan.ToAdopt.Select(s => s.MilestoneId).ToHashSet(StringComparer.Ordinal);
        var deadline = clock.GetUtcNow() + StartLimit;
        while (true)
        {
            var state = CoordinatorStateStore.TryRead(paths);
            var ours = state is not null && state.Pid == coordinator.Pid;
            var alive = coordinator.IsAlive();
            if (!ours && !alive)
            {
                // Lost a race with another `start` (its coordinator holds the lock), or failed before its first write.
                return ActiveCoordinator(paths) is { } other && other != coordinator.Pid
                    ? new StartOutcome([], other, null)
                    : new StartOutcome([], null, $"the coordinator exited at once; its log {paths.CoordinatorLog} ends:\n{LogTail(paths.CoordinatorLog)}");
            }
            if (ours)
            {
                var results = ids.Select(id => Observe(id, state!, adopted.Contains(id))).ToList();
                if (results.All(r => r.State != "pending") || state!.ExitReason is not null)
                {
                    return new StartOutcome(results, null, null);
                }
                if (!alive)
                {
                    return new StartOutcome(results, null, $"the coordinator died; its log {paths.CoordinatorLog} ends:\n{LogTail(paths.CoordinatorLog)}");
                }
            }
            if (clock.GetUtcNow() > deadline || ct.IsCancellationRequested)
            {
                var results = ours ? ids.Select(id => Observe(id, state!, adopted.Contains(id))).ToList() : [];
                return new StartOutcome(
                    results.Select(r => r.State == "pending" ? r with { Error = $"no heartbeat yet after {StartLimit.TotalSeconds:0} s; see `gsd parallel status`" } : r).ToList(),
                    null,
                    ours ? null : $"the coordinator (pid {coordinator.Pid}) has not reported yet; see `gsd parallel status` and {paths.CoordinatorLog}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), clock, ct).ConfigureAwait(false);
        }
    }

    private StartedWorker Observe(string id, CoordinatorState state, bool adopted)
    {
        var run = state.Milestones.GetValueOrDefault(id);
        var status = WorkerStatusStore.TryRead(paths, id);
        if (run is null)
        {
            return new StartedWorker(id, false, 0, null, null, "pending", null);
        }
        if (status is not null && status.Pid == run.WorkerPid)
        {
            return new StartedWorker(id, true, status.Pid, status.Worktree, status.Branch, status.State, status.Error) { Adopted = adopted };
        }
        return run.State == RunStates.Running
            ? new StartedWorker(id, false, run.WorkerPid, null, null, "pending", null)
            : new StartedWorker(id, false, run.WorkerPid, null, ParallelPaths.Branch(id), run.State, run.Error);
    }

    /// <summary>
    /// What a new run inherits from the last one: milestones running (their workers may still live), and those finished
    /// but not merged (DESIGN §7) — these must not start again as new.
    /// </summary>
    internal static Dictionary<string, MilestoneRun>? CarriedOver(CoordinatorState? previous) =>
        previous?.Milestones
            .Where(kv => kv.Value.State is RunStates.Running or RunStates.Complete or RunStates.Conflict or RunStates.Failed)
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    /// <param name="tick">The coordinator's period; null = GSD_COORDINATOR_TICK_MS, else 1 s.</param>
    public static Coordinator CreateCoordinator(ParallelPaths paths, GsdPreferences prefs, TimeProvider clock, Action<ParallelEvent>? echo, TimeSpan? tick = null) =>
        new(paths, prefs, clock, new EventLog(paths, clock, echo), MergeRunner.ForCoordinator(paths, prefs, clock), TickFromEnvironment() ?? tick ?? TimeSpan.FromSeconds(1));

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

    private static TimeSpan? TickFromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable("GSD_COORDINATOR_TICK_MS"), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var ms) && ms > 0
            ? TimeSpan.FromMilliseconds(ms)
            : null;
}
