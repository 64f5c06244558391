namespace Gsd.Tests.Support.ResponsesStandIn;

/// <summary>
/// Token counts a scripted reply reports in <c>response.completed</c>, as the Responses API counts them:
/// <paramref name="InputTokens"/> includes the cached and cache-write parts.
/// </summary>
public sealed record ResponsesUsage(int InputTokens = 1000, int OutputTokens = 50, int CachedTokens = 200, int CacheWriteTokens = 100);

/// <summary>One scripted answer of the stand-in to a <c>POST /v1/responses</c>.</summary>
public abstract record ResponsesReply(ResponsesUsage Usage);

/// <summary>The model calls codex's shell tool (<c>exec_command</c>) with <paramref name="Cmd"/>.</summary>
public sealed record ExecCommandReply(string Cmd, ResponsesUsage Usage) : ResponsesReply(Usage)
{
    public ExecCommandReply(string cmd)
        : this(cmd, new ResponsesUsage())
    {
    }

    /// <summary>How long codex waits for the command before answering with its output so far (codex's default when null).</summary>
    public int? YieldTimeMs { get; init; }
}

/// <summary>The model answers with text, which ends codex's turn.</summary>
public sealed record MessageReply(string Text, ResponsesUsage Usage) : ResponsesReply(Usage)
{
    public MessageReply(string text)
        : this(text, new ResponsesUsage())
    {
    }
}

/// <summary>The API fails the response (<c>response.failed</c> with <paramref name="Code"/> and <paramref name="Message"/>).</summary>
public sealed record FailedReply(string Code, string Message) : ResponsesReply(new ResponsesUsage(0, 0, 0, 0));
