using Gsd.Agents;
using Gsd.Protocol;

namespace Gsd.Auto;

/// <summary>One try at a unit: whether it met its "done when", what it cost, and the failure text for the retry prompt.</summary>
internal sealed record UnitRunResult(bool Success, string? FailureText, decimal Cost, MetricsTokens Tokens, string? Model, string? SessionId)
{
    public bool Interrupted { get; init; }

    public bool TimedOut { get; init; }

    /// <summary>The agent printed no cost (<see cref="AgentResult.CostUnknown"/>).</summary>
    public bool CostUnknown { get; init; }
    /// <summary>What kind of failure the agent's run was (None when it succeeded or the worker judged it by "done when").</summary>
    public AgentFailure? AgentFailure { get; init; }

    /// <summary>Tool uses the agent was denied (surfaced in the failure text, the status and the log).</summary>
    public IReadOnlyList<string> PermissionDenials { get; init; } = [];

    /// <summary>rate-limit | transient | permanent | failed for a try that did not succeed; null when it did.</summary>
    public string? FailureClassName => Success || Interrupted ? null : (AgentFailure?.Class ?? AgentFailureClass.Failed) switch
    {
        AgentFailureClass.None => AgentFailureClass.Failed.Name(),
        var c => c.Name(),
    };

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
        new(success, WithDenials(failure, r.PermissionDenials), r.Cost, new MetricsTokens(r.Tokens.Input, r.Tokens.Output, r.Tokens.CacheRead, r.Tokens.CacheWrite, r.Tokens.Total), r.Model, r.SessionId)
        {
            CostUnknown = r.CostUnknown,
            PermissionDenials = r.PermissionDenials,
            CostEstimated = r.CostEstimated,
        };

    /// <summary>A denied command is often why "done when" was not met: the retry prompt and the status say so.</summary>
    private static string? WithDenials(string? failure, IReadOnlyList<string> denials) =>
        failure is null || denials.Count == 0
            ? failure
            : $"{failure}\nThe agent was denied {denials.Count} tool use(s) (allow them with agent.allowed_tools or agent.permission_mode in PREFERENCES.md):\n{string.Join('\n', denials.Select(d => "- " + d))}";
}
