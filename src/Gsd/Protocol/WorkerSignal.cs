namespace Gsd.Protocol;

/// <summary><c>.gsd/parallel/&lt;MID&gt;.signal.json</c>: <see cref="Seq"/> only grows; the worker echoes the last one it handled.</summary>
/// <see cref="RunId"/> is the run it is addressed to (null from a sender that predates run ids): a worker or coordinator
/// of another run ignores it, so a `stop` sent to an earlier run never ends a later one (ARCHITECTURE §6).
public sealed record WorkerSignal(long Seq, string Signal, DateTimeOffset SentAt, string From)
{
    public string? RunId { get; init; }
}

public static class Signals
{
    public const string Pause = "pause";
    public const string Resume = "resume";
    public const string Stop = "stop";
}
