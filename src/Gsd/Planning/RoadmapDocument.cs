namespace Gsd.Planning;

/// <summary>What a ROADMAP declares: its raw H1 text (null without one), the slice form found, and the slices.</summary>
internal sealed record RoadmapDocument(string? Heading, RoadmapFormat Format, IReadOnlyList<RoadmapSlice> Slices);
