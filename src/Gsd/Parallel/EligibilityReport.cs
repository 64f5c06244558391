namespace Gsd.Parallel;

/// <summary>What <c>parallel start</c> shows before spawning anything (DESIGN §6).</summary>
public sealed record EligibilityReport(
    IReadOnlyList<EligibleMilestone> Eligible,
    IReadOnlyList<IneligibleMilestone> Ineligible,
    IReadOnlyList<FileOverlap> Overlaps);

public sealed record EligibleMilestone(string Id, string Title);

public sealed record IneligibleMilestone(string Id, string Title, string Reason);

public sealed record FileOverlap(string A, string B, IReadOnlyList<string> Files);
