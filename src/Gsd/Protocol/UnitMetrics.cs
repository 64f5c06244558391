using System.Text.Json.Serialization;

namespace Gsd.Protocol;

/// <summary>One entry of <c>.gsd/metrics.json</c> (ARCHITECTURE §4). Cost and tokens are as the agent reported them.</summary>
public sealed record UnitMetrics(
    string Type,
    string Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Model,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    MetricsTokens Tokens,
    decimal Cost)
{
    /// <summary>succeeded | failed | interrupted | timed-out — so a failed try's cost is still counted.</summary>
    public string Outcome { get; init; } = "succeeded";

    public int Attempt { get; init; } = 1;

    public string? SessionId { get; init; }

    /// <summary>Why a try that did not succeed failed (the tail of its failure text); null when it succeeded.</summary>
    public string? Failure { get; init; }
    /// <summary>True when the agent prints no cost (codex): <see cref="Cost"/> is 0 for want of a price; omitted otherwise.</summary>
    public bool? CostUnknown { get; init; }
    /// <summary>For a try that did not succeed: rate-limit | transient | permanent | failed (ARCHITECTURE §5); null otherwise.</summary>
    public string? FailureClass { get; init; }

    /// <summary>
    /// True when the agent was stopped (interrupted, timed out) before stating its cost: <c>cost</c> is gsd's estimate from
    /// the tokens it had streamed so far. Absent when the cost is the agent's own figure.
    /// </summary>
    public bool? CostEstimated { get; init; }

    /// <summary>Set when the entry came from a merged worker's ledger (project-root ledger only).</summary>
    public string? MilestoneId { get; init; }
}

public sealed record MetricsTokens(long Input, long Output, long CacheRead, long CacheWrite, long Total);

public sealed record MetricsFile(int Version, IReadOnlyList<UnitMetrics> Units);
