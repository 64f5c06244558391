namespace Gsd.Agents;

/// <summary>What an agent said about its own run, parsed from its output.</summary>
/// <param name="Output">Its final message, when it gave one.</param>
public sealed record AgentReport(
    decimal Cost,
    TokenUsage Tokens,
    string? Model,
    string? SessionId,
    bool IsError,
    string? ErrorText,
    string? Output)
{
    /// <summary>The agent reports no price (codex): <see cref="Cost"/> is 0 and means "unknown", not free.</summary>
    public bool CostUnknown { get; init; }
    /// <summary>The HTTP status of the API error that ended the run (Claude Code's <c>api_error_status</c>), when given.</summary>
    public int? ApiErrorStatus { get; init; }

    /// <summary>The API's error type (Claude Code's <c>api_error_type</c>, e.g. rate_limit_error), when given.</summary>
    public string? ApiErrorType { get; init; }

    /// <summary>Tool uses the agent was not allowed (Claude Code's <c>permission_denials</c>), e.g. <c>Bash: npm test</c>.</summary>
    public IReadOnlyList<string> PermissionDenials { get; init; } = [];
}
