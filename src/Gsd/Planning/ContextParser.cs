using Gsd.Layout;

namespace Gsd.Planning;

/// <summary>
/// Reads <c>M###-CONTEXT.md</c> / <c>M###-CONTEXT-DRAFT.md</c>. Dependencies come only from frontmatter
/// (<c>depends_on: [M001, M003]</c> or a block list, ids tidied by <see cref="MilestoneId.Normalize"/>);
/// prose such as <c>**Depends on:** M004</c> in the body does not count.
/// </summary>
internal static class ContextParser
{
    public static ContextDocument Parse(string text, SourceFile file)
    {
        var doc = MarkdownDocument.Parse(text, file, readFrontmatter: true);
        var depends = new List<(string, int)>();
        foreach (var (value, line) in doc.Frontmatter.List("depends_on"))
        {
            var id = MilestoneId.Normalize(value);
            if (id.Length > 0 && !depends.Exists(d => d.Item1 == id))
            {
                depends.Add((id, line));
            }
        }
        var files = new List<string>();
        foreach (var (value, _) in doc.Frontmatter.List("files"))
        {
            var path = FileEntries.Tidy(value);
            if (path.Length > 0)
            {
                files.Add(path);
            }
        }
        return new ContextDocument(doc.FirstH1()?.Text, depends, files);
    }
}
