namespace Gsd.Planning;

/// <summary>Reads file paths out of plan text: <c>`a.cs`, `b.cs`</c>, <c>a.cs, b.cs</c>, <c>`a.cs` — why</c>.</summary>
internal static class FileEntries
{
    /// <summary>A <c>Files:</c> value: every backticked span, or (without backticks) the comma-separated parts.</summary>
    public static List<string> FromFilesValue(string value)
    {
        var result = new List<string>();
        if (value.Contains('`', StringComparison.Ordinal))
        {
            AddBacktickSpans(value, result, firstOnly: false);
        }
        else
        {
            foreach (var part in value.Split(','))
            {
                Add(result, Tidy(part));
            }
        }
        return result;
    }

    /// <summary>A <c>## Files Likely Touched</c> bullet: its first backticked span, else the text before any note.</summary>
    public static string FromListItem(string item)
    {
        if (item.Contains('`', StringComparison.Ordinal))
        {
            var spans = new List<string>(1);
            AddBacktickSpans(item, spans, firstOnly: true);
            return spans.Count > 0 ? spans[0] : "";
        }
        var text = item;
        foreach (var note in (ReadOnlySpan<string>)[" — ", " – ", " - ", " ("])
        {
            var cut = text.IndexOf(note, StringComparison.Ordinal);
            if (cut > 0)
            {
                text = text[..cut];
            }
        }
        return Tidy(text);
    }

    public static string Tidy(string path)
    {
        var text = path.Trim().Trim('`').Trim();
        text = Frontmatter.Unquote(text);
        while (text.StartsWith("./", StringComparison.Ordinal))
        {
            text = text[2..];
        }
        return text.TrimEnd('.', ';').Trim();
    }

    private static void AddBacktickSpans(string value, List<string> result, bool firstOnly)
    {
        var start = value.IndexOf('`', StringComparison.Ordinal);
        while (start >= 0)
        {
            var end = value.IndexOf('`', start + 1);
            if (end < 0)
            {
                return;
            }
            Add(result, Tidy(value[(start + 1)..end]));
            if (firstOnly && result.Count > 0)
            {
                return;
            }
            start = value.IndexOf('`', end + 1);
        }
    }

    private static void Add(List<string> result, string path)
    {
        if (path.Length > 0 && !result.Contains(path, StringComparer.Ordinal))
        {
            result.Add(path);
        }
    }
}
