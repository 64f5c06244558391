namespace Gsd.Planning;

/// <summary>A <c>depends_on</c> entry naming no milestone of the project, and where it was written.</summary>
public sealed record UnknownDependency(string MilestoneId, string MissingId, SourceLocation? Source);
