using Gsd.Agents;
using Gsd.Protocol;

namespace Gsd.Auto;

/// <summary>One try at a unit: whether it met its "done when", what it cost, and the failure text for the retry prompt.</summary>
internal sealed record UnitRunResult(bool Success, string? FailureText, decimal Cost, MetricsTokens Tokens, string? Model, string? SessionId)
{
    public bool Interrupted { get; init; }

    public bool TimedOut { get; init; }

    /// <summary>The agent stopped before stating its cost: <see cref="Cost"/> is estimated from the tokens it streamed.</summary>
    public bool CostEstimated { get; init; }

    public static UnitRunResult WorkerDone { get; } = new(true, null, 0, new MetricsTokens(0, 0, 0, 0, 0), null, null);

    public static UnitRunResult InterruptedResult { get; } = new(false, "interrupted", 0, new MetricsTokens(0, 0, 0, 0, 0), null, null) { Interrupted = true };

    /// <summary>A worker unit (complete-slice, complete-milestone) whose files do not read as done afterwards.</summary>
    public static UnitRunResult WorkerFailed(string failure) => WorkerDone with { Success = false, FailureText = failure };

    /// <summary>Stopped mid-unit; what the agent had already cost (when it had finished) is still counted.</summary>
    public static UnitRunResult InterruptedAfter(AgentResult? r) =>
        r is null ? InterruptedResult : From(r, false, "interrupted") with { Interrupted = true };

    public static UnitRunResult From(AgentResult r, bool success, string? failure) =>
        new(success, failure, r.Cost, new MetricsTokens(r.Tokens.Input, r.Tokens.Output, r.Tokens.CacheRead, r.Tokens.CacheWrite, r.Tokens.Total), r.Model, r.SessionId) { CostEstimated = r.CostEstimated };
}
