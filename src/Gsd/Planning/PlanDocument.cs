namespace Gsd.Planning;

/// <summary>What a slice PLAN declares: its tasks (done = ticked checkbox only) and its Files Likely Touched.</summary>
internal sealed record PlanDocument(IReadOnlyList<PlannedTask> Tasks, IReadOnlyList<string> FilesLikelyTouched);
