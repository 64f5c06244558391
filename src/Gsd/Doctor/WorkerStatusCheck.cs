using System.Globalization;
using Gsd.IO;
using Gsd.Layout;
using Gsd.Processes;
using Gsd.Protocol;

namespace Gsd.Doctor;

/// <summary>
/// Status files whose worker is dead while they still say starting/running/paused/stopping (<c>status</c> shows them as
/// crashed). Status files are the worker's, but a dead worker writes nothing more, so the repair — only while no coordinator
/// runs, which would handle the crash itself — finishes the file for it: state <c>stopped</c> with an error saying the worker
/// died, cost and progress kept; and in coordinator.json a milestone still marked running becomes <c>crashed</c>, so the
/// next <c>gsd parallel start</c> restarts it from its branch. A worker that is alive but silent is only reported: doctor
/// never kills processes.
/// </summary>
internal sealed class WorkerStatusCheck : IDoctorCheck
{
    private const string Suffix = ".status.json";

    public string Name => "worker status files";

    public Task<IReadOnlyList<DoctorIssue>> InspectAsync(DoctorContext context, CancellationToken ct)
    {
        var paths = context.Paths;
        var issues = new List<DoctorIssue>();
        if (!Directory.Exists(paths.Directory))
        {
            return Task.FromResult<IReadOnlyList<DoctorIssue>>(issues);
        }
        var coordinatorPid = CoordinatorLiveness.RunningPid(paths);
        foreach (var file in Directory.EnumerateFiles(paths.Directory, "*" + Suffix).Order(StringComparer.Ordinal))
        {
            var display = context.Display(file);
            WorkerStatus? status;
            try
            {
                status = JsonFile.Read(file, GsdJsonContext.Default.WorkerStatus);
            }
            catch (GsdException ex)
            {
                issues.Add(new DoctorIssue(DoctorCodes.UnreadableStatusFile, DoctorSeverity.Warning, $"{ex.Message}; `gsd parallel status` skips it")
                {
                    NotFixableReason = "the file is not one gsd wrote: look at it, then delete it yourself if no worker uses it",
                });
                continue;
            }
            var id = Path.GetFileName(file)[..^Suffix.Length];
            if (status is null || !MilestoneId.IsValid(id) || !WorkerStates.IsLive(status.State))
            {
                continue;
            }
            var age = context.Now - status.LastHeartbeat;
            var identity = new ProcessIdentity(status.Pid, status.ProcessStartedAt);
            if (identity.IsAlive())
            {
                if (age > Timings.FromEnvironment().DeadAfter)
                {
                    issues.Add(new DoctorIssue(DoctorCodes.HungWorker, DoctorSeverity.Warning,
                        $"{id}: worker pid {status.Pid} is alive but its last heartbeat in {display} was {DoctorContext.Age(age)} ago (state {status.State.Name()}); "
                        + $"it looks hung: stop it with `gsd parallel stop {id}`")
                    {
                        NotFixableReason = "the process is alive and doctor never kills processes",
                    });
                }
                continue;
            }
            var why = ProcessIdentity.IsPidAlive(status.Pid) ? "now belongs to another process" : "is gone";
            var agent = status.AgentPid is { } agentPid && ProcessIdentity.IsPidAlive(agentPid)
                ? $"; a process with its agent's pid {agentPid} still runs: if it is the agent, stop it with `kill -- -{agentPid}`"
                : string.Empty;
            var message = $"{id}: {display} says {status.State.Name()} but worker pid {status.Pid} {why} (last heartbeat {DoctorContext.Age(age)} ago); "
                + $"`gsd parallel status` shows it as crashed{agent}";
            issues.Add(coordinatorPid is { } pid
                ? new DoctorIssue(DoctorCodes.StaleWorkerStatus, DoctorSeverity.Warning, message)
                {
                    NotFixableReason = $"a coordinator (pid {pid}) is running: it restarts or records crashed workers itself",
                }
                : new DoctorIssue(DoctorCodes.StaleWorkerStatus, DoctorSeverity.Warning, message)
                {
                    Fix = _ => Task.FromResult(MarkStopped(paths, id, status)),
                });
        }
        return Task.FromResult<IReadOnlyList<DoctorIssue>>(issues);
    }

    private static FixResult MarkStopped(ParallelPaths paths, string id, WorkerStatus seen)
    {
        using var guard = CoordinatorLiveness.Guard(paths);
        if (CoordinatorLiveness.RunningPid(paths) is { } pid)
        {
            return FixResult.Skipped($"a coordinator (pid {pid}) started meanwhile; it handles the crashed worker");
        }
        var file = paths.StatusFile(id);
        WorkerStatus? current;
        try
        {
            current = JsonFile.Read(file, GsdJsonContext.Default.WorkerStatus);
        }
        catch (GsdException ex)
        {
            return FixResult.Skipped($"the file became unreadable: {ex.Message}");
        }
        if (current is null || current.Pid != seen.Pid || current.ProcessStartedAt != seen.ProcessStartedAt || !WorkerStates.IsLive(current.State)
            || new ProcessIdentity(current.Pid, current.ProcessStartedAt).IsAlive())
        {
            return FixResult.Skipped("the status file changed since it was read (a new worker?); left as it is");
        }
        var unit = current.CurrentUnit is { } u ? $" in {u.Type} {u.Id}" : string.Empty;
        var heartbeat = current.LastHeartbeat.ToString("u", CultureInfo.InvariantCulture);
        var error = $"worker died while {current.State.Name()}{unit} (pid {current.Pid}, last heartbeat {heartbeat}); marked stopped by gsd doctor";
        JsonFile.Write(file, current with { State = WorkerState.Stopped, CurrentUnit = null, Error = error }, GsdJsonContext.Default.WorkerStatus);

        var action = $"rewrote its state to stopped with error \"{error}\"";
        var coordinator = CoordinatorStateStore.TryRead(paths);
        if (coordinator is not null && coordinator.Milestones.TryGetValue(id, out var run) && run.State == RunState.Running)
        {
            var milestones = new Dictionary<string, MilestoneRun>(coordinator.Milestones, StringComparer.Ordinal)
            {
                [id] = run with { State = RunState.Crashed, Error = $"worker pid {current.Pid} died; found by gsd doctor" },
            };
            CoordinatorStateStore.Write(paths, coordinator with { Milestones = milestones });
            action += $"; coordinator.json now records {id} as crashed, so the next `gsd parallel start` restarts it from its branch";
        }
        return FixResult.Done(action);
    }
}
