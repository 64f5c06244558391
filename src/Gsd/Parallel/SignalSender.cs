using Gsd.IO;

namespace Gsd.Parallel;

/// <summary>Any gsd command's side of the signal file: seq only grows, the write is atomic.</summary>
public static class SignalSender
{
    public static WorkerSignal Send(ParallelPaths paths, string milestoneId, string signal, string from, TimeProvider clock) =>
        SendTo(paths, paths.SignalFile(milestoneId), JsonFileOrNull(paths.StatusFile(milestoneId))?.SignalSeq ?? 0, signal, from, clock);

    /// <summary>Run-wide signals for the coordinator itself (stop starting workers, pause scheduling).</summary>
    public static WorkerSignal SendToCoordinator(ParallelPaths paths, string signal, string from, TimeProvider clock) =>
        SendTo(paths, paths.CoordinatorSignalFile, CoordinatorStateStore.TryRead(paths)?.SignalSeq ?? 0, signal, from, clock);

    private static WorkerSignal SendTo(ParallelPaths paths, string file, long handledSeq, string signal, string from, TimeProvider clock)
    {
        Directory.CreateDirectory(paths.Directory);
        // Serialise senders so two commands at once never reuse a seq.
        using var guard = FileGuard.Acquire(file + ".guard.lock");
        WorkerSignal? last = null;
        try
        {
            last = JsonFile.Read(file, GsdJsonContext.Default.WorkerSignal);
        }
        catch (GsdException)
        {
        }
        var seq = Math.Max(last?.Seq ?? 0, handledSeq) + 1;
        var sent = new WorkerSignal(seq, signal, clock.GetUtcNow(), from);
        JsonFile.Write(file, sent, GsdJsonContext.Default.WorkerSignal);
        return sent;
    }

    private static WorkerStatus? JsonFileOrNull(string path)
    {
        try
        {
            return JsonFile.Read(path, GsdJsonContext.Default.WorkerStatus);
        }
        catch (GsdException)
        {
            return null;
        }
    }
}
