using Gsd.Layout;
using Gsd.Processes;
using Gsd.Protocol;

namespace Gsd.Parallel;

/// <summary>What <c>stop</c>, <c>pause</c> and <c>resume</c> did to one worker (or the coordinator, id "coordinator"), for the user.</summary>
public sealed record ControlResult(string MilestoneId, string Action, string Message);

/// <summary>
/// stop / pause / resume through the signal files (ARCHITECTURE §6). Idempotent: a worker already in the wanted state (or
/// already sent the same signal) is left alone and the result says so. Stop also sends SIGTERM and, after a grace period,
/// SIGKILL to the worker and its agents.
/// </summary>
public sealed class ParallelController(ParallelPaths paths, TimeProvider clock, Timings? timings = null)
{
    private readonly Timings _timings = timings ?? Timings.FromEnvironment();

    public IReadOnlyList<ControlResult> Send(string signal, string? milestoneId)
    {
        var results = new List<ControlResult>();
        var from = "gsd parallel " + signal;
        var coordinator = milestoneId is null ? ParallelStarter.ActiveCoordinatorIdentity(paths) : null;
        var coordinatorPid = coordinator?.Pid;
        if (milestoneId is null && coordinator is null && ParallelStarter.UnverifiableCoordinator(paths) is { } unverifiable)
        {
            results.Add(new ControlResult("coordinator", "none", unverifiable));
        }
        if (coordinatorPid is { } cpid)
        {
            // The whole run: the coordinator must also stop (or pause) starting new workers — before any worker dies,
            // so it never mistakes a stopped worker for a crashed one.
            var sent = SignalSender.SendToCoordinator(paths, signal, from, clock);
            results.Add(new ControlResult("coordinator", signal, signal switch
            {
                Signals.Stop => $"coordinator (pid {cpid}): stop sent (seq {sent.Seq}); it starts no new workers and exits once they are gone",
                Signals.Pause => $"coordinator (pid {cpid}): pause sent (seq {sent.Seq}); it starts no new workers until `gsd parallel resume`",
                _ => $"coordinator (pid {cpid}): resume sent (seq {sent.Seq}); it starts eligible milestones again as slots free",
            }));
        }
        var targets = Targets(milestoneId);
        var toKill = new List<WorkerStatus>();
        var now = clock.GetUtcNow();
        foreach (var status in targets)
        {
            var id = status.MilestoneId;
            var last = SignalSender.LastSent(paths, id);
            // A worker acknowledges a pause as soon as it reads it (it echoes the seq) but pauses only after its current
            // unit: until its state says paused, that pause is still pending.
            var pending = last is not null && (last.Seq > status.SignalSeq || (last.Signal == Signals.Pause && status.State != WorkerState.Paused))
                ? last
                : null;
            var state = WorkerHealth.EffectiveState(status, last, now, _timings);
            switch (signal)
            {
                case Signals.Stop when state == WorkerState.Crashed:
                {
                    // Recorded as a stop, so a coordinator does not restart it; agents it orphaned are ended.
                    var sent = SignalSender.Send(paths, id, Signals.Stop, from, clock);
                    var agents = ProcessKiller.KillAgentsIn(status.Worktree);
                    results.Add(new ControlResult(id, "stop", $"{id}: its worker (pid {status.Pid}) had already died; marked stopped (seq {sent.Seq}) so it is not restarted{(agents > 0 ? $", and killed {agents} agent process(es) it left behind" : string.Empty)}"));
                    break;
                }
                case Signals.Stop when !WorkerStates.IsLive(state):
                case Signals.Pause when !WorkerStates.IsLive(state):
                case Signals.Resume when !WorkerStates.IsLive(state):
                    results.Add(new ControlResult(id, "none", $"{id}: not running ({state.Name()}); nothing to {signal}."));
                    break;
                case Signals.Stop:
                {
                    var sent = SignalSender.Send(paths, id, Signals.Stop, from, clock);
                    toKill.Add(status);
                    results.Add(new ControlResult(id, "stop", $"{id}: stop sent (seq {sent.Seq}) and SIGTERM to worker pid {status.Pid}"));
                    break;
                }
                case Signals.Pause when pending?.Signal == Signals.Pause:
                    results.Add(new ControlResult(id, "none", $"{id}: pause already sent (seq {pending.Seq}); it pauses when its current unit{Unit(status)} finishes."));
                    break;
                case Signals.Pause when state == WorkerState.Paused && pending is null:
                    results.Add(new ControlResult(id, "none", $"{id}: already paused."));
                    break;
                case Signals.Pause:
                {
                    var sent = SignalSender.Send(paths, id, Signals.Pause, from, clock);
                    results.Add(new ControlResult(id, "pause", $"{id}: pause sent (seq {sent.Seq}); it finishes its current unit{Unit(status)}, then waits."));
                    break;
                }
                case Signals.Resume when pending?.Signal == Signals.Resume:
                    results.Add(new ControlResult(id, "none", $"{id}: resume already sent (seq {pending.Seq})."));
                    break;
                case Signals.Resume when state != WorkerState.Paused && pending is null:
                    results.Add(new ControlResult(id, "none", $"{id}: already {state.Name()}; nothing to resume."));
                    break;
                case Signals.Resume:
                {
                    var sent = SignalSender.Send(paths, id, Signals.Resume, from, clock);
                    results.Add(new ControlResult(id, "resume", $"{id}: resume sent (seq {sent.Seq}){(state == WorkerState.Paused ? string.Empty : "; its pending pause is cancelled")}."));
                    break;
                }
                default:
                    throw new ArgumentException($"unknown signal '{signal}'", nameof(signal));
            }
        }
        results.AddRange(Kill(toKill));
        if (coordinator is not null && signal == Signals.Stop)
        {
            results.Add(WaitForCoordinator(coordinator));
        }
        if (targets.Count == 0)
        {
            results.Add(new ControlResult(milestoneId ?? "-", "none", milestoneId is null
                ? "No workers."
                : $"{milestoneId}: no worker status file ({paths.StatusFile(milestoneId)}); it is not part of a parallel run."));
        }
        return results;
    }

    private IEnumerable<ControlResult> Kill(List<WorkerStatus> toKill)
    {
        // All at once: each gets SIGTERM now and SIGKILL only after the grace period.
        var grace = _timings.StopGrace;
        var kills = toKill.Select(s => Task.Run(() => ProcessKiller.KillWorker(s, grace, _timings))).ToArray();
        Task.WaitAll(kills);
        for (var i = 0; i < toKill.Count; i++)
        {
            var s = toKill[i];
            yield return new ControlResult(s.MilestoneId, "stop", kills[i].Result switch
            {
                KillOutcome.Exited => $"{s.MilestoneId}: stopped (pid {s.Pid} exited after SIGTERM; its interrupted unit is saved on {s.Branch ?? MilestoneBranch.Name(s.MilestoneId)})",
                KillOutcome.Killed => $"{s.MilestoneId}: pid {s.Pid} did not exit within {grace.TotalSeconds:0.#} s of SIGTERM; killed it and its agents with SIGKILL",
                KillOutcome.AlreadyGone => $"{s.MilestoneId}: pid {s.Pid} had already exited",
                _ => $"{s.MilestoneId}: pid {s.Pid} is still alive after SIGKILL",
            });
        }
    }

    private ControlResult WaitForCoordinator(ProcessIdentity coordinator)
    {
        // The identity recorded in its lock (pid + start time): a pid reused meanwhile is never signalled.
        var pid = coordinator.Pid;
        // It exits on its next tick once no worker runs; SIGTERM ends one that does not (it leaves no worker behind now).
        var deadline = DateTime.UtcNow + _timings.CoordinatorExitWait;
        while (coordinator.IsAlive() && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
        }
        if (!coordinator.IsAlive())
        {
            return new ControlResult("coordinator", "stop", $"coordinator (pid {pid}): exited");
        }
        if (coordinator.IsAlive())
        {
            NativeMethods.Kill(pid, NativeMethods.SIGTERM);
        }
        for (var i = 0; i < 50 && coordinator.IsAlive(); i++)
        {
            Thread.Sleep(100);
        }
        return new ControlResult("coordinator", "stop", coordinator.IsAlive()
            ? $"coordinator (pid {pid}): still running after SIGTERM"
            : $"coordinator (pid {pid}): did not exit by itself; ended with SIGTERM");
    }

    private static string Unit(WorkerStatus status) => status.CurrentUnit is { } u ? $" ({u.Type} {u.Id})" : string.Empty;

    private List<WorkerStatus> Targets(string? milestoneId) =>
        milestoneId is null
            ? [.. WorkerStatusStore.ReadAll(paths)]
            : WorkerStatusStore.TryRead(paths, milestoneId) is { } s ? [s] : [];
}
