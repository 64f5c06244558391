namespace Gsd.Planning;

/// <summary>
/// Something wrong in the planning files. <see cref="Path"/> is relative to the project root;
/// <see cref="Line"/> is 1-based where known. <see cref="Code"/> is one of <see cref="ProblemCodes"/>: unreadable-file,
/// malformed-frontmatter, unparseable-line, bad-json, cycle, unknown-dependency, invalid-id, ghost, duplicate-id,
/// bad-queue-order, failure-report.
/// </summary>
public sealed record Problem(string Code, string Message, string? Path = null, int? Line = null, string? MilestoneId = null)
{
    public override string ToString() => Path is null ? Message : Line is null ? $"{Path}: {Message}" : $"{Path}:{Line}: {Message}";
}
