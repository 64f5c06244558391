using Gsd.IO;
using Gsd.Layout;
using Gsd.Processes;

namespace Gsd.Protocol;

/// <summary>Any gsd command's side of the signal file: seq only grows, the write is atomic.</summary>
public static class SignalSender
{
    /// <summary>
    /// Addressed to the run of the worker whose status file this is while that process lives; else (no worker yet, or a
    /// dead one's file) to the current coordinator's run, so the next worker it starts still hears it.
    /// </summary>
    public static WorkerSignal Send(ParallelPaths paths, string milestoneId, string signal, string from, TimeProvider clock)
    {
        var status = ReadOrNull(paths.StatusFile(milestoneId), GsdJsonContext.Default.WorkerStatus);
        var live = status is not null && new ProcessIdentity(status.Pid, status.ProcessStartedAt).IsAlive();
        var runId = live ? status!.RunId : CoordinatorStateStore.TryRead(paths)?.RunId;
        return SendTo(paths, paths.SignalFile(milestoneId), status?.SignalSeq ?? 0, signal, from, clock, runId);
    }

    /// <summary>Run-wide signals for the coordinator itself (stop starting workers, pause scheduling).</summary>
    public static WorkerSignal SendToCoordinator(ParallelPaths paths, string signal, string from, TimeProvider clock)
    {
        var state = CoordinatorStateStore.TryRead(paths);
        return SendTo(paths, paths.CoordinatorSignalFile, state?.SignalSeq ?? 0, signal, from, clock, state?.RunId);
    }

    /// <summary>The last signal written for <paramref name="milestoneId"/>, acted on or not.</summary>
    public static WorkerSignal? LastSent(ParallelPaths paths, string milestoneId) =>
        ReadOrNull(paths.SignalFile(milestoneId), GsdJsonContext.Default.WorkerSignal);

    /// <summary>The last run-wide signal written for the coordinator.</summary>
    public static WorkerSignal? LastSentToCoordinator(ParallelPaths paths) =>
        ReadOrNull(paths.CoordinatorSignalFile, GsdJsonContext.Default.WorkerSignal);

    private static WorkerSignal SendTo(ParallelPaths paths, string file, long handledSeq, string signal, string from, TimeProvider clock, string? runId)
    {
        Directory.CreateDirectory(paths.Directory);
        // Serialise senders so two commands at once never reuse a seq.
        using var guard = FileGuard.Acquire(file + ".guard.lock");
        var last = ReadOrNull(file, GsdJsonContext.Default.WorkerSignal);
        var seq = Math.Max(last?.Seq ?? 0, handledSeq) + 1;
        var sent = new WorkerSignal(seq, signal, clock.GetUtcNow(), from) { RunId = runId };
        JsonFile.Write(file, sent, GsdJsonContext.Default.WorkerSignal);
        return sent;
    }

    private static T? ReadOrNull<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return JsonFile.Read(path, type);
        }
        catch (GsdException)
        {
            return null;
        }
    }
}
