using Gsd.IO;

namespace Gsd.Protocol;

/// <summary>
/// The worker's side of <c>&lt;MID&gt;.signal.json</c>: returns a signal once, when its seq is above the last handled and
/// it is addressed to <paramref name="runId"/> (a signal of another run is ignored; null = accept any, as before run ids).
/// </summary>
public sealed class SignalInbox(string path, long handledSeq = 0, string? runId = null)
{
    public long HandledSeq { get; private set; } = handledSeq;

    public WorkerSignal? Poll()
    {
        WorkerSignal? signal;
        try
        {
            signal = JsonFile.Read(path, GsdJsonContext.Default.WorkerSignal);
        }
        catch (GsdException)
        {
            // Being rewritten by a sender that is not atomic (or garbage): ignore until it is whole.
            return null;
        }
        if (signal is null || signal.Seq <= HandledSeq || !ForThisRun(signal))
        {
            return null;
        }
        HandledSeq = signal.Seq;
        return signal;
    }

    private bool ForThisRun(WorkerSignal signal) => runId is null || signal.RunId is null || signal.RunId == runId;
}
