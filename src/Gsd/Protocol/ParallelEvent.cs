namespace Gsd.Protocol;

/// <summary>One line of <c>.gsd/parallel/events.ndjson</c>: what the coordinator saw or did.</summary>
public sealed record ParallelEvent(DateTimeOffset Time, string Event, string? MilestoneId, string Message);
