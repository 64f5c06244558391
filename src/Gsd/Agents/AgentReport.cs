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
}
