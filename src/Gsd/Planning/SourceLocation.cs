namespace Gsd.Planning;

/// <summary>Where a fact was read: a path relative to the project root (forward slashes) and a 1-based line.</summary>
public sealed record SourceLocation(string Path, int Line)
{
    public override string ToString() => $"{Path}:{Line}";
}
