namespace Gsd.Planning;

/// <summary>
/// A planning markdown file indexed by line once: its frontmatter (if any) and a body whose lines inside fenced
/// code blocks and HTML comments are hidden from the parsers (a <c># comment</c> in a shell block is no H1).
/// Lines are spans over the file's text: a large project has hundreds of thousands of lines, and only the
/// few that matter become strings.
/// </summary>
internal sealed class MarkdownDocument
{
    private readonly string text;
    private readonly int[] starts;
    private readonly int[] lengths;
    private readonly bool[] hidden;

    private MarkdownDocument(string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }
        this.text = text;
        var count = text.AsSpan().Count('\n') + 1;
        starts = new int[count];
        lengths = new int[count];
        var start = 0;
        for (var i = 0; i < count; i++)
        {
            var newline = text.IndexOf('\n', start);
            var end = newline < 0 ? text.Length : newline;
            starts[i] = start;
            lengths[i] = end > start && text[end - 1] == '\r' ? end - start - 1 : end - start;
            start = end + 1;
        }
        hidden = new bool[count];
    }

    public int LineCount => starts.Length;

    /// <summary>0-based index of the first body line (after the closing frontmatter fence).</summary>
    public int BodyStart { get; private set; }

    public Frontmatter Frontmatter { get; private set; } = Frontmatter.Empty;

    /// <param name="readFrontmatter">Parse the YAML (CONTEXT, SUMMARY); otherwise a frontmatter block is only skipped.</param>
    public static MarkdownDocument Parse(string text, SourceFile file, bool readFrontmatter)
    {
        var doc = new MarkdownDocument(text);
        var yamlEnd = doc.FindFrontmatter(file);
        if (readFrontmatter && yamlEnd > 0)
        {
            doc.Frontmatter = FrontmatterParser.Parse(doc, 1, yamlEnd, file);
        }
        doc.MarkHidden();
        return doc;
    }

    /// <summary>The 0-based line, without its line break.</summary>
    public ReadOnlySpan<char> Line(int index) => text.AsSpan(starts[index], lengths[index]);

    /// <summary>Lines <paramref name="first"/> (inclusive) to <paramref name="end"/> (exclusive) as one string.</summary>
    public string Text(int first, int end) =>
        end <= first ? "" : text[starts[first]..(starts[end - 1] + lengths[end - 1])];

    /// <summary>True when the 0-based line is body text (not frontmatter, code or comment).</summary>
    public bool IsContent(int index) => index >= BodyStart && !hidden[index];

    /// <summary>The first <c># </c> heading of the body: its text (trimmed) and 1-based line, or null.</summary>
    public (string Text, int Line)? FirstH1()
    {
        for (var i = BodyStart; i < LineCount; i++)
        {
            if (!hidden[i] && HeadingLevel(Line(i)) == 1)
            {
                return (HeadingText(Line(i)), i + 1);
            }
        }
        return null;
    }

    /// <summary>ATX heading level (1-6) of a line, or 0 when it is not a heading.</summary>
    public static int HeadingLevel(ReadOnlySpan<char> line)
    {
        var level = 0;
        while (level < line.Length && level < 7 && line[level] == '#')
        {
            level++;
        }
        return level is >= 1 and <= 6 && (level == line.Length || line[level] is ' ' or '\t') ? level : 0;
    }

    public static string HeadingText(ReadOnlySpan<char> line)
    {
        var level = HeadingLevel(line);
        return level == 0 ? line.Trim().ToString() : line[level..].Trim().TrimEnd('#').Trim().ToString();
    }

    public static int Indentation(ReadOnlySpan<char> line)
    {
        var i = 0;
        while (i < line.Length && (line[i] == ' ' || line[i] == '\t'))
        {
            i++;
        }
        return i;
    }

    /// <summary>
    /// Sets <see cref="BodyStart"/> and returns the index of the closing fence (0 without frontmatter). A leading
    /// <c>---</c> only opens frontmatter when YAML follows it: a real CONTEXT starts with a lone <c>---</c> rule, a
    /// blank line and its H1, and its next <c>---</c> is a rule sixty lines down — reading that as frontmatter
    /// would swallow the heading.
    /// </summary>
    private int FindFrontmatter(SourceFile file)
    {
        if (!Line(0).TrimEnd().SequenceEqual("---"))
        {
            return 0;
        }
        var close = -1;
        for (var i = 1; i < LineCount; i++)
        {
            var trimmed = Line(i).TrimEnd();
            if (trimmed.SequenceEqual("---") || trimmed.SequenceEqual("..."))
            {
                close = i;
                break;
            }
        }
        var limit = close < 0 ? LineCount : close;
        var opensYaml = close > 0; // "---" then "---": an empty block
        for (var i = 1; i < limit; i++)
        {
            var trimmed = Line(i).Trim();
            if (trimmed.IsEmpty || trimmed[0] == '#')
            {
                continue;
            }
            opensYaml = FrontmatterParser.IsKeyLine(Line(i)) || trimmed.StartsWith("- ");
            break;
        }
        if (!opensYaml)
        {
            return 0;
        }
        if (close < 0)
        {
            file.Report(ProblemCodes.MalformedFrontmatter, "frontmatter opened with `---` is never closed", 1);
            return 0;
        }
        BodyStart = close + 1;
        return close;
    }

    private void MarkHidden()
    {
        var fenceChar = '\0';
        var fenceLength = 0;
        var inComment = false;
        for (var i = BodyStart; i < LineCount; i++)
        {
            var line = Line(i);
            var indent = Indentation(line);
            if (fenceChar != '\0')
            {
                hidden[i] = true;
                if (FenceLength(line, indent, fenceChar) >= fenceLength && line[indent..].Trim().TrimStart(fenceChar).IsEmpty)
                {
                    fenceChar = '\0';
                }
                continue;
            }
            if (inComment)
            {
                hidden[i] = true;
                inComment = !line.Contains("-->", StringComparison.Ordinal);
                continue;
            }
            if (indent <= 3 && indent < line.Length && line[indent] is '`' or '~')
            {
                var length = FenceLength(line, indent, line[indent]);
                if (length >= 3)
                {
                    fenceChar = line[indent];
                    fenceLength = length;
                    hidden[i] = true;
                    continue;
                }
            }
            if (line[indent..].StartsWith("<!--", StringComparison.Ordinal))
            {
                hidden[i] = true;
                inComment = !line[(indent + 4)..].Contains("-->", StringComparison.Ordinal);
            }
        }
    }

    private static int FenceLength(ReadOnlySpan<char> line, int start, char fence)
    {
        var i = start;
        while (i < line.Length && line[i] == fence)
        {
            i++;
        }
        return i - start;
    }
}
