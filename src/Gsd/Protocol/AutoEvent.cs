namespace Gsd.Protocol;

/// <summary>
/// What the worker reports as it goes: <c>start</c>, <c>unit-start</c>, <c>unit-end</c>, <c>state</c>, <c>log</c>, <c>end</c>.
/// One per line with <c>gsd auto --json</c>.
/// </summary>
public sealed record AutoEvent(string Event, DateTimeOffset Time, string? MilestoneId)
{
    public string? UnitType { get; init; }

    public string? UnitId { get; init; }

    public string? Title { get; init; }

    public int? Attempt { get; init; }

    /// <summary>unit-end: succeeded | failed | interrupted | timed-out; end: complete | blocked | stopped | error | idle.</summary>
    public string? Outcome { get; init; }

    public decimal? Cost { get; init; }

    /// <summary>unit-end: true when the agent printed no cost (codex), so <see cref="Cost"/> 0 is not a price.</summary>
    public bool? CostUnknown { get; init; }

    public double? DurationSeconds { get; init; }

    public string? Commit { get; init; }

    public string? Message { get; init; }

    public string? State { get; init; }

    /// <summary>state=waiting: when the worker goes on (UTC).</summary>
    public DateTimeOffset? WaitingUntil { get; init; }
}
