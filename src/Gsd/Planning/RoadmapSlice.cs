namespace Gsd.Planning;

/// <summary>A slice as one ROADMAP line (checkbox, table row or heading) declares it.</summary>
internal sealed record RoadmapSlice(string Id, string Title, bool? Done, IReadOnlyList<string> DependsOn, string? Risk, int Line);
