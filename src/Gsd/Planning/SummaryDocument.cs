namespace Gsd.Planning;

/// <summary>
/// What a slice or milestone SUMMARY says: its title (frontmatter <c>title</c>, else H1, cleaned) and whether it is
/// a failure report rather than a completion record (<see cref="FailureReason"/> and <see cref="FailureLine"/> say why).
/// </summary>
internal sealed record SummaryDocument(string Title, string? FailureReason, int? FailureLine)
{
    public bool IsFailureReport => FailureReason is not null;
}
