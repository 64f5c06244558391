using Gsd.IO;

namespace Gsd.Protocol;

/// <summary>The worker's side of <c>&lt;MID&gt;.signal.json</c>: returns a signal once, when its seq is above the last handled.</summary>
public sealed class SignalInbox(string path, long handledSeq = 0)
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
        if (signal is null || signal.Seq <= HandledSeq)
        {
            return null;
        }
        HandledSeq = signal.Seq;
        return signal;
    }
}
