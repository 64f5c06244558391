namespace Gsd.Doctor;

/// <summary>One check of <c>gsd doctor</c>: looks (never writes) and reports issues, each with its own safe repair if any.</summary>
internal interface IDoctorCheck
{
    /// <summary>Short name used when the check itself fails (e.g. "worktrees").</summary>
    string Name { get; }

    Task<IReadOnlyList<DoctorIssue>> InspectAsync(DoctorContext context, CancellationToken ct);
}
