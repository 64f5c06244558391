namespace Gsd.Agents;

/// <summary>
/// What one agent run did and cost. Exit code 0 only means the agent finished: the worker judges
/// success by the unit's "done when" (ARCHITECTURE §4), never by this record alone.
/// </summary>
/// <param name="TimedOut">Killed (with its process group) for exceeding <see cref="AgentSettings.UnitTimeout"/>.</param>
/// <param name="Interrupted">Killed (with its process group) because the caller cancelled the run.</param>
/// <param name="Cost">USD as the agent reported it; 0 when it reports none (then <see cref="CostUnknown"/> may say so).</param>
/// <param name="Model">The model the agent reported, else the configured one, else null.</param>
/// <param name="IsError">The agent reported an error, exited non-zero, timed out or was interrupted.</param>
/// <param name="ErrorText">Why, in a form fit for a retry prompt; null when <paramref name="IsError"/> is false.</param>
/// <param name="Output">The agent's final message when it reported one, else its stdout.</param>
public sealed record AgentResult(
    int ExitCode,
    bool TimedOut,
    bool Interrupted,
    decimal Cost,
    TokenUsage Tokens,
    string? Model,
    string? SessionId,
    bool IsError,
    string? ErrorText,
    string Output)
{
    /// <summary>The agent prints no cost (codex): <see cref="Cost"/> is 0 for want of a price, and gsd records it as unknown.</summary>
    public bool CostUnknown { get; init; }
    /// <summary>See <see cref="AgentReport.ApiErrorStatus"/>.</summary>
    public int? ApiErrorStatus { get; init; }

    /// <summary>See <see cref="AgentReport.ApiErrorType"/>.</summary>
    public string? ApiErrorType { get; init; }

    /// <summary>See <see cref="AgentReport.PermissionDenials"/>.</summary>
    public IReadOnlyList<string> PermissionDenials { get; init; } = [];

    /// <summary>The tail of a failed run's stderr, for <see cref="FailureClassifier"/>; empty when the run did not fail.</summary>
    public string StdErr { get; init; } = string.Empty;

    /// <summary>The agent stopped before stating its cost: <see cref="Cost"/> is gsd's estimate from the tokens it streamed (<see cref="ModelPrices"/>).</summary>
    public bool CostEstimated { get; init; }
}
