namespace Gsd.Protocol;

/// <summary><c>.gsd/parallel/&lt;MID&gt;.signal.json</c>: <see cref="Seq"/> only grows; the worker echoes the last one it handled.</summary>
public sealed record WorkerSignal(long Seq, string Signal, DateTimeOffset SentAt, string From);

public static class Signals
{
    public const string Pause = "pause";
    public const string Resume = "resume";
    public const string Stop = "stop";
}
