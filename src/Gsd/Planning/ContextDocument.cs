namespace Gsd.Planning;

/// <summary>What a CONTEXT (or CONTEXT-DRAFT) file says: its H1, frontmatter <c>depends_on</c> and <c>files</c>.</summary>
internal sealed record ContextDocument(
    string? Heading,
    IReadOnlyList<(string Id, int Line)> DependsOn,
    IReadOnlyList<string> Files);
