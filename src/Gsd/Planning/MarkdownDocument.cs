namespace Gsd.Planning;

/// <summary>
/// A planning markdown file split into lines once: its frontmatter (if any) and a body whose lines inside
/// fenced code blocks and HTML comments are hidden from the parsers (a <c># comment</c> in a shell block is no H1).
/// </summary>
internal sealed class MarkdownDocument
{
    private readonly bool[] hidden;

    private MarkdownDocument(string[] lines, int bodyStart, Frontmatter frontmatter)
    {
        Lines = lines;
        BodyStart = bodyStart;
        Frontmatter = frontmatter;
        hidden = MarkHidden(lines, bodyStart);
    }

    public string[] Lines { get; }

    /// <summary>0-based index of the first body line (after the closing frontmatter fence).</summary>
    public int BodyStart { get; }

    public Frontmatter Frontmatter { get; }

    /// <param name="readFrontmatter">Parse the YAML (CONTEXT, SUMMARY); otherwise a frontmatter block is only skipped.</param>
    public static MarkdownDocument Parse(string text, SourceFile file, bool readFrontmatter)
    {
        var lines = SplitLines(text);
        var (bodyStart, yamlEnd) = FindFrontmatter(lines, file);
        var frontmatter = readFrontmatter && yamlEnd > 0
            ? FrontmatterParser.Parse(lines, 1, yamlEnd, file)
            : Frontmatter.Empty;
        return new MarkdownDocument(lines, bodyStart, frontmatter);
    }

    /// <summary>True when the 0-based line is body text (not frontmatter, code or comment).</summary>
    public bool IsContent(int index) => index >= BodyStart && !hidden[index];

    /// <summary>The first <c># </c> heading of the body: its text (trimmed) and 1-based line, or null.</summary>
    public (string Text, int Line)? FirstH1()
    {
        for (var i = BodyStart; i < Lines.Length; i++)
        {
            if (!hidden[i] && HeadingLevel(Lines[i]) == 1)
            {
                return (HeadingText(Lines[i]), i + 1);
            }
        }
        return null;
    }

    /// <summary>ATX heading level (1-6) of a line, or 0 when it is not a heading.</summary>
    public static int HeadingLevel(string line)
    {
        var level = 0;
        while (level < line.Length && level < 7 && line[level] == '#')
        {
            level++;
        }
        return level is >= 1 and <= 6 && (level == line.Length || line[level] is ' ' or '\t') ? level : 0;
    }

    public static string HeadingText(string line)
    {
        var level = HeadingLevel(line);
        return level == 0 ? line.Trim() : line[level..].Trim().TrimEnd('#').Trim();
    }

    public static int Indentation(string line)
    {
        var i = 0;
        while (i < line.Length && (line[i] == ' ' || line[i] == '\t'))
        {
            i++;
        }
        return i;
    }

    private static string[] SplitLines(string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].EndsWith('\r'))
            {
                lines[i] = lines[i][..^1];
            }
        }
        return lines;
    }

    /// <summary>
    /// Returns (body start, index of the closing fence or 0). A leading <c>---</c> only opens frontmatter when YAML
    /// follows it: a real CONTEXT starts with a lone <c>---</c> rule, a blank line and its H1, and its next <c>---</c>
    /// is a rule sixty lines down — reading that as frontmatter would swallow the heading.
    /// </summary>
    private static (int BodyStart, int YamlEnd) FindFrontmatter(string[] lines, SourceFile file)
    {
        if (lines.Length == 0 || lines[0].TrimEnd() != "---")
        {
            return (0, 0);
        }
        var close = -1;
        for (var i = 1; i < lines.Length; i++)
        {
            var trimmed = lines[i].TrimEnd();
            if (trimmed is "---" or "...")
            {
                close = i;
                break;
            }
        }
        var limit = close < 0 ? lines.Length : close;
        var opensYaml = close > 0; // "---" then "---": an empty block
        for (var i = 1; i < limit; i++)
        {
            var trimmed = lines[i].Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }
            opensYaml = FrontmatterParser.IsKeyLine(lines[i]) || trimmed.StartsWith("- ", StringComparison.Ordinal);
            break;
        }
        if (!opensYaml)
        {
            return (0, 0);
        }
        if (close < 0)
        {
            file.Report(ProblemCodes.MalformedFrontmatter, "frontmatter opened with `---` is never closed", 1);
            return (0, 0);
        }
        return (close + 1, close);
    }

    private static bool[] MarkHidden(string[] lines, int bodyStart)
    {
        var hidden = new bool[lines.Length];
        var fenceChar = '\0';
        var fenceLength = 0;
        var inComment = false;
        for (var i = bodyStart; i < lines.Length; i++)
        {
            var line = lines[i];
            var indent = Indentation(line);
            if (fenceChar != '\0')
            {
                hidden[i] = true;
                if (FenceLength(line, indent, fenceChar) >= fenceLength && line.AsSpan(indent).Trim().TrimStart(fenceChar).IsEmpty)
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
            if (line.AsSpan(indent).StartsWith("<!--", StringComparison.Ordinal))
            {
                hidden[i] = true;
                inComment = !line.AsSpan(indent + 4).Contains("-->", StringComparison.Ordinal);
            }
        }
        return hidden;
    }

    private static int FenceLength(string line, int start, char fence)
    {
        var i = start;
        while (i < line.Length && line[i] == fence)
        {
            i++;
        }
        return i - start;
    }
}
