namespace Gsd.Protocol;

/// <summary>A predicted conflict between two milestones (<see cref="B"/> null: with the integration branch), as status shows it.</summary>
public sealed record MilestoneConflict(string A, string? B, IReadOnlyList<string> Files);
