namespace Gsd.Doctor;

/// <summary>
/// One thing <c>gsd doctor</c> found (the <c>--json</c> shape). <see cref="Fixable"/>: <c>--fix</c> can repair it safely;
/// <see cref="Fixed"/>: this run did. <see cref="Action"/> says what <c>--fix</c> did, or why it did not.
/// </summary>
public sealed record DoctorFinding(string Code, string Severity, string Message, bool Fixable, bool Fixed, string? Action = null);
