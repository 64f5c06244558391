namespace Gsd.Doctor;

/// <summary>The result of one <c>gsd doctor</c> run over the main project at <see cref="Root"/>.</summary>
public sealed record DoctorReport(string Root, bool FixRequested, IReadOnlyList<DoctorFinding> Findings)
{
    /// <summary>Error findings still standing after this run (they make the exit code 1).</summary>
    public int RemainingErrors => Findings.Count(f => f.Severity == DoctorSeverity.Error && !f.Fixed);
}
