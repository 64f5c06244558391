namespace Gsd.Preferences;

/// <summary>The YAML between the <c>---</c> fences at the top of a markdown file.</summary>
/// <param name="Yaml">The text between the fences.</param>
/// <param name="LinesBefore">Lines of the file above the YAML (the opening fence), to turn YAML lines into file lines.</param>
internal sealed record FrontmatterBlock(string Yaml, int LinesBefore)
{
    private const string Fence = "---";

    /// <summary>
    /// Null when the file does not start with a fence (no settings). <paramref name="unterminated"/>
    /// is true when the opening fence is never closed.
    /// </summary>
    public static FrontmatterBlock? Extract(string text, out bool unterminated)
    {
        unterminated = false;
        var lines = text.TrimStart('\uFEFF').Split('\n');
        if (lines.Length == 0 || lines[0].TrimEnd() != Fence)
        {
            return null;
        }
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd() == Fence)
            {
                return new FrontmatterBlock(string.Join('\n', lines[1..i]), 1);
            }
        }
        unterminated = true;
        return null;
    }
}
