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
    public StartPlan Plan()
    {
        var project = PlanningLoader.Load(paths.ProjectRoot);
        var previous = CoordinatorStateStore.TryRead(paths);
        int? activePid = previous is not null && previous.ExitReason is null && new ProcessIdentity(previous.Pid, previous.ProcessStartedAt).IsAlive()
            ? previous.Pid
            : null;
        var report = Eligibility.Compute(project, LiveRunStates(previous));
        var toStart = report.Eligible.Take(prefs.Parallel.MaxWorkers).Select(e => e.Id).ToList();
        return new StartPlan(report, toStart, activePid);
    }

    /// <summary>Launches the coordinator detached and waits until each requested worker heartbeats or fails.</summary>
    public async Task<IReadOnlyList<StartedWorker>> StartInBackgroundAsync(IReadOnlyList<string> toStart, CancellationToken ct)
    {
        Directory.CreateDirectory(paths.Directory);
        var launchedAt = clock.GetUtcNow();
        var coordinator = WorkerLauncher.StartDetached(
            [.. SelfCommand.Argv(), "-C", paths.ProjectRoot, "parallel", "coordinator", "--milestones", string.Join(',', toStart)],
            paths.ProjectRoot,
            paths.CoordinatorLog,
            new Dictionary<string, string?> { ["GSD_PARALLEL_WORKER"] = null, ["GSD_MILESTONE_LOCK"] = null });
        var deadline = launchedAt + TimeSpan.FromSeconds(60);
        while (true)
        {
            var results = Observe(toStart, launchedAt);
            var settled = results.All(r => r.State != "pending");
            if (settled || clock.GetUtcNow() > deadline || ct.IsCancellationRequested)
            {
                return results.Select(r => r.State == "pending"
                    ? r with { Error = coordinator.IsAlive() ? "no heartbeat yet after 60 s; see `gsd parallel status`" : $"the coordinator exited; see {paths.CoordinatorLog}" }
                    : r).ToList();
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200), clock, ct).ConfigureAwait(false);
        }
    }

    private List<StartedWorker> Observe(IReadOnlyList<string> ids, DateTimeOffset since)
    {
        var state = CoordinatorStateStore.TryRead(paths);
        var list = new List<StartedWorker>();
        foreach (var id in ids)
        {
            var run = state?.Milestones.GetValueOrDefault(id);
            WorkerStatus? status = null;
            try
            {
                status = JsonFile.Read(paths.StatusFile(id), GsdJsonContext.Default.WorkerStatus);
            }
            catch (GsdException)
            {
            }
            if (status is not null && status.StartedAt >= since.AddSeconds(-5))
            {
                list.Add(new StartedWorker(id, true, status.Pid, status.Worktree, status.Branch, status.State, status.Error));
            }
            else if (run is not null && run.State is RunStates.Error or RunStates.Crashed)
            {
                list.Add(new StartedWorker(id, false, run.WorkerPid, null, null, run.State, run.Error));
            }
            else
            {
                list.Add(new StartedWorker(id, false, 0, null, null, "pending", null));
            }
        }
        return list;
    }

    /// <summary>Run states that keep a milestone out of a new start: running, or finished but not merged (DESIGN §7).</summary>
    internal static Dictionary<string, MilestoneRun>? LiveRunStates(CoordinatorState? previous) =>
        previous?.Milestones
            .Where(kv => kv.Value.State is RunStates.Running or RunStates.Complete or RunStates.Conflict or RunStates.Failed)
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    public static Coordinator CreateCoordinator(ParallelPaths paths, GsdPreferences prefs, TimeProvider clock, Action<ParallelEvent>? echo) =>
        new(paths, prefs, clock, new EventLog(paths, clock, echo), MergeRunner.ForCoordinator(paths, prefs, clock), TickFromEnvironment());

    private static TimeSpan TickFromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable("GSD_COORDINATOR_TICK_MS"), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var ms) && ms > 0
            ? TimeSpan.FromMilliseconds(ms)
            : TimeSpan.FromSeconds(1);
}
