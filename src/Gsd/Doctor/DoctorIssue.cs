namespace Gsd.Doctor;

/// <summary>
/// A finding as a check reports it, with the repair when one is safe. The repair re-checks the condition at fix time and
/// returns <see cref="FixResult"/> saying whether it acted; it never deletes anything holding work that exists nowhere else.
/// </summary>
internal sealed record DoctorIssue(string Code, string Severity, string Message)
{
    public Func<CancellationToken, Task<FixResult>>? Fix { get; init; }

    /// <summary>Why <c>--fix</c> leaves it alone (shown as the finding's action when a fix was asked for).</summary>
    public string? NotFixableReason { get; init; }
}

/// <summary>What a repair did (<see cref="Fixed"/>) or why it did nothing after all.</summary>
internal sealed record FixResult(bool Fixed, string Action)
{
    public static FixResult Done(string action) => new(true, action);

    public static FixResult Skipped(string why) => new(false, why);
}
