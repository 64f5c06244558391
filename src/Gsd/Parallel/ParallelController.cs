using Gsd.IO;

namespace Gsd.Parallel;

/// <summary>What <c>stop</c>, <c>pause</c> and <c>resume</c> did to one worker, for the user.</summary>
public sealed record ControlResult(string MilestoneId, string Action, string Message);

/// <summary>
/// stop / pause / resume through the signal files (DESIGN §6). Idempotent: a worker already in the wanted state is
/// left alone and the result says so. Stop also sends SIGTERM and, after a grace period, SIGKILL.
/// </summary>
public sealed class ParallelController(ParallelPaths paths, TimeProvider clock)
{
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    public IReadOnlyList<ControlResult> Send(string signal, string? milestoneId)
    {
        var targets = Targets(milestoneId);
        if (milestoneId is null)
        {
            // The whole run: the coordinator must also stop (or pause) starting new workers.
            if (Directory.Exists(paths.Directory))
            {
                SignalSender.SendToCoordinator(paths, signal, "gsd parallel " + signal, clock);
            }
        }
        var results = new List<ControlResult>();
        var toKill = new List<WorkerStatus>();
        foreach (var status in targets)
        {
            var state = WorkerHealth.EffectiveState(status, clock.GetUtcNow());
            var id = status.MilestoneId;
            if (!WorkerStates.IsLive(state))
            {
                results.Add(new ControlResult(id, "none", $"{id}: not running ({state}); nothing to {signal}."));
                continue;
            }
            if ((signal == Signals.Pause && state == WorkerStates.Paused) || (signal == Signals.Resume && state == WorkerStates.Running))
            {
                results.Add(new ControlResult(id, "none", $"{id}: already {state}."));
                continue;
            }
            var sent = SignalSender.Send(paths, id, signal, "gsd parallel " + signal, clock);
            if (signal == Signals.Stop)
            {
                toKill.Add(status);
                results.Add(new ControlResult(id, "stop", $"{id}: stop sent (seq {sent.Seq}) and SIGTERM to pid {status.Pid}"));
            }
            else
            {
                results.Add(new ControlResult(id, signal, signal == Signals.Pause
                    ? $"{id}: pause sent (seq {sent.Seq}); the worker finishes its current unit, then waits"
                    : $"{id}: resume sent (seq {sent.Seq})"));
            }
        }
        if (toKill.Count > 0)
        {
            // All at once: each gets SIGTERM now and SIGKILL only after the grace period.
            var kills = toKill.Select(s => Task.Run(() => ProcessKiller.KillWorker(s, StopGrace))).ToArray();
            Task.WaitAll(kills);
            for (var i = 0; i < toKill.Count; i++)
            {
                if (!kills[i].Result)
                {
                    results.Add(new ControlResult(toKill[i].MilestoneId, "stop", $"{toKill[i].MilestoneId}: pid {toKill[i].Pid} is still alive after SIGKILL"));
                }
            }
        }
        if (targets.Count == 0)
        {
            results.Add(new ControlResult(milestoneId ?? "-", "none", milestoneId is null ? "No workers." : $"{milestoneId}: no worker status file; it is not part of a parallel run."));
        }
        return results;
    }

    private List<WorkerStatus> Targets(string? milestoneId)
    {
        var list = new List<WorkerStatus>();
        if (!Directory.Exists(paths.Directory))
        {
            return list;
        }
        IEnumerable<string> files = milestoneId is null
            ? Directory.EnumerateFiles(paths.Directory, "*.status.json").Order(StringComparer.Ordinal)
            : [paths.StatusFile(milestoneId)];
        foreach (var file in files)
        {
            try
            {
                if (JsonFile.Read(file, GsdJsonContext.Default.WorkerStatus) is { } s)
                {
                    list.Add(s);
                }
            }
            catch (GsdException)
            {
            }
        }
        return list;
    }
}
