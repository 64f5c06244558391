using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gsd.Planning;

/// <summary>
/// Reads a frontmatter block with YamlDotNet. Real files are not always valid YAML; when the block does not parse,
/// the problem is reported with its line and the top-level <c>key: value</c> lines are still read leniently.
/// </summary>
internal static class FrontmatterParser
{
    /// <param name="doc">The file.</param>
    /// <param name="first">0-based index of the first YAML line (the one after the opening fence).</param>
    /// <param name="end">0-based index of the closing fence.</param>
    /// <param name="file">Where problems go.</param>
    public static Frontmatter Parse(MarkdownDocument doc, int first, int end, SourceFile file)
    {
        if (end <= first)
        {
            return Frontmatter.Empty;
        }
        var block = doc.Text(first, end);
        string yamlError;
        var tooDeep = TooDeep(block);
        if (tooDeep)
        {
            yamlError = "it nests deeper than any planning file needs";
        }
        else
        {
            try
            {
                var stream = new YamlStream();
                stream.Load(new StringReader(block));
                var root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
                switch (root)
                {
                    case null:
                    case YamlScalarNode scalar when IsNull(scalar):
                        return Frontmatter.Empty;
                    case YamlMappingNode map:
                        return FromMapping(map, first);
                    default:
                        yamlError = "it is not a set of `key: value` lines";
                        break;
                }
            }
            catch (Exception ex)
            {
                // Any failure inside the YAML library (it also throws InvalidOperationException on some broken
                // flow lists) means "not valid YAML" here, never a crash of the whole load.
                yamlError = Describe(ex);
            }
        }

        // GSD-2 writes YAML-ish frontmatter (unquoted "a: b: c" list items, backtick-led values) that its own
        // line reader accepts. Tolerate it: read the top-level keys by line, and only report what even that
        // reading cannot make sense of.
        var (values, unreadableLine, reason) = Lenient(doc, first, end);
        if (unreadableLine is { } line)
        {
            file.Report(ProblemCodes.MalformedFrontmatter, $"frontmatter is not valid YAML: {reason} (YAML: {yamlError})", line);
        }
        else if (tooDeep)
        {
            file.Report(ProblemCodes.MalformedFrontmatter, $"frontmatter not read as YAML: {yamlError}; its top-level lines were read one by one", first + 1);
        }
        return values;
    }

    /// <summary>
    /// YamlDotNet builds nested nodes recursively; a pathological block could exhaust the stack, which no catch
    /// survives. Real frontmatter nests a few levels, so anything beyond 64 brackets or 256 columns of indent is refused.
    /// </summary>
    private static bool TooDeep(string block)
    {
        var depth = 0;
        var indent = 0;
        var lineStart = true;
        foreach (var c in block)
        {
            if (c == '\n')
            {
                lineStart = true;
                indent = 0;
                continue;
            }
            if (lineStart && c == ' ')
            {
                if (++indent > 256)
                {
                    return true;
                }
                continue;
            }
            lineStart = false;
            if (c is '[' or '{' && ++depth > 64)
            {
                return true;
            }
            if (c is ']' or '}' && depth > 0)
            {
                depth--;
            }
        }
        return false;
    }

    /// <summary>True when a line can open a YAML mapping: <c>key:</c> followed by a space or the end of the line.</summary>
    public static bool IsKeyLine(ReadOnlySpan<char> line)
    {
        var i = 0;
        var quote = '\0';
        if (line.Length > 0 && (line[0] == '"' || line[0] == '\''))
        {
            quote = line[0];
            i = 1;
        }
        if (i >= line.Length || !(char.IsAsciiLetter(line[i]) || line[i] == '_'))
        {
            return false;
        }
        while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] is '_' or '-' or '.' or ' '))
        {
            i++;
        }
        if (quote != '\0')
        {
            if (i >= line.Length || line[i] != quote)
            {
                return false;
            }
            i++;
        }
        return i < line.Length && line[i] == ':' && (i + 1 == line.Length || line[i + 1] is ' ' or '\t');
    }

    private static Frontmatter FromMapping(YamlMappingNode map, int first)
    {
        var values = new Dictionary<string, FrontmatterValue>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in map.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                continue;
            }
            var line = first + (int)valueNode.Start.Line;
            FrontmatterValue value = valueNode switch
            {
                YamlScalarNode scalar => new(IsNull(scalar) ? null : scalar.Value, [], line),
                YamlSequenceNode sequence => new(null, Items(sequence, first), line),
                _ => new(null, [], line),
            };
            values.TryAdd(key, value);
        }
        return new Frontmatter(values);
    }

    private static List<(string, int)> Items(YamlSequenceNode sequence, int first)
    {
        var items = new List<(string, int)>(sequence.Children.Count);
        foreach (var child in sequence.Children)
        {
            if (child is YamlScalarNode scalar && !IsNull(scalar) && scalar.Value!.Trim().Length > 0)
            {
                items.Add((scalar.Value.Trim(), first + (int)child.Start.Line));
            }
        }
        return items;
    }

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Value is null
        || (scalar.Style == ScalarStyle.Plain && scalar.Value is "" or "~" or "null" or "Null" or "NULL");

    /// <summary>
    /// Top-level <c>key: value</c>, <c>key: [a, b]</c> and <c>key:</c> + <c>- item</c> lines, nothing deeper; also the
    /// first line it cannot read (a top-level line that is no <c>key:</c>, or a <c>[</c> list never closed).
    /// </summary>
    private static (Frontmatter Values, int? UnreadableLine, string? Reason) Lenient(MarkdownDocument doc, int first, int end)
    {
        var values = new Dictionary<string, FrontmatterValue>(StringComparer.Ordinal);
        int? unreadable = null;
        string? reason = null;
        string? listKey = null;
        List<(string, int)>? items = null;
        for (var i = first; i < end; i++)
        {
            var line = doc.Line(i);
            var trimmed = line.Trim();
            if (trimmed.IsEmpty || trimmed[0] == '#')
            {
                continue;
            }
            if (char.IsWhiteSpace(line[0]) || (listKey is not null && trimmed[0] == '-'))
            {
                if (listKey is not null && trimmed.StartsWith("- "))
                {
                    var item = Frontmatter.Unquote(trimmed[2..].Trim().ToString());
                    if (item.Length > 0)
                    {
                        items!.Add((item, i + 1));
                    }
                }
                continue;
            }
            listKey = null;
            if (!IsKeyLine(line))
            {
                unreadable ??= i + 1;
                reason ??= $"line \"{RoadmapParser.Shorten(line)}\" is not `key: value`";
                continue;
            }
            var colon = line.IndexOf(':');
            var key = Frontmatter.Unquote(line[..colon].Trim().ToString());
            var rest = line[(colon + 1)..].Trim();
            if (rest.IsEmpty)
            {
                items = [];
                listKey = key;
                values.TryAdd(key, new FrontmatterValue(null, items, i + 1));
                continue;
            }
            if (rest[0] == '[' && rest[^1] != ']')
            {
                unreadable ??= i + 1;
                reason ??= $"the `{key}` list is not closed with ]";
                rest = rest[1..];
            }
            values.TryAdd(key, new FrontmatterValue(Frontmatter.Unquote(rest.ToString()), [], i + 1));
        }
        return (new Frontmatter(values), unreadable, reason);
    }

    /// <summary>YamlDotNet prefixes messages with block-relative positions; the problem carries the file line instead.</summary>
    private static string Describe(Exception ex)
    {
        var message = ex.Message;
        if (message.StartsWith("(Line:", StringComparison.Ordinal))
        {
            var cut = message.IndexOf("): ", StringComparison.Ordinal);
            if (cut >= 0)
            {
                message = message[(cut + 3)..];
            }
        }
        return message.Trim();
    }
}
