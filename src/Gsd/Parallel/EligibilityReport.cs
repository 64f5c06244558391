namespace Gsd.Parallel;

/// <summary>What <c>parallel start</c> shows before spawning anything (ARCHITECTURE §6).</summary>
public sealed record EligibilityReport(
    IReadOnlyList<EligibleMilestone> Eligible,
    IReadOnlyList<IneligibleMilestone> Ineligible,
    IReadOnlyList<FileOverlap> Overlaps);

public sealed record EligibleMilestone(string Id, string Title);

public sealed record IneligibleMilestone(string Id, string Title, string Reason)
{
    /// <summary>The incomplete dependencies it waits for (empty when it is ineligible for another reason).</summary>
    public IReadOnlyList<string> WaitsFor { get; init; } = [];
}

public sealed record FileOverlap(string A, string B, IReadOnlyList<string> Files);
