namespace Gsd.Planning;

/// <summary>The <see cref="Problem.Code"/> values the planning model reports.</summary>
public static class ProblemCodes
{
    public const string UnreadableFile = "unreadable-file";
    public const string MalformedFrontmatter = "malformed-frontmatter";
    public const string UnparseableLine = "unparseable-line";
    public const string BadJson = "bad-json";
    public const string Cycle = "cycle";
    public const string UnknownDependency = "unknown-dependency";
    public const string InvalidId = "invalid-id";
    public const string Ghost = "ghost";
    public const string DuplicateId = "duplicate-id";
    public const string BadQueueOrder = "bad-queue-order";
    public const string FailureReport = "failure-report";
}
