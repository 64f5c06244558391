namespace Gsd.Tests.Support.AnthropicStandIn;

/// <summary>Token counts a scripted reply reports, which the CLI turns into its cost.</summary>
public sealed record StandInUsage(int InputTokens = 1000, int OutputTokens = 50, int CacheReadInputTokens = 200, int CacheCreationInputTokens = 100);

/// <summary>One scripted answer of the stand-in to a Messages API request.</summary>
public abstract record StandInReply(StandInUsage Usage);

/// <summary>The model asks to run a tool; <paramref name="InputJson"/> is the tool's input object.</summary>
public sealed record ToolUseReply(string ToolName, string InputJson, StandInUsage Usage) : StandInReply(Usage)
{
    public ToolUseReply(string toolName, string inputJson)
        : this(toolName, inputJson, new StandInUsage())
    {
    }
}

/// <summary>
/// The API refuses the request: HTTP <paramref name="Status"/> with the Messages API's error body
/// <c>{"type":"error","error":{"type":…,"message":…}}</c> — 429 rate_limit_error, 529 overloaded_error,
/// 401 authentication_error. Served once: the same request again gets the next reply of the script.
/// </summary>
public sealed record ErrorReply(int Status, string ErrorType, string Message) : StandInReply(new StandInUsage(0, 0, 0, 0));

/// <summary>The model answers with text and ends its turn.</summary>
public sealed record TextReply(string Text, StandInUsage Usage) : StandInReply(Usage)
{
    public TextReply(string text)
        : this(text, new StandInUsage())
    {
    }
}
