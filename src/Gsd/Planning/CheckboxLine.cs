namespace Gsd.Planning;

/// <summary>
/// Parses <c>- [ ] **S01: Title** `risk:low` `depends:[S01]`</c> (and the task form with <c>T01</c>), by hand:
/// these lines are read for every slice and task of a large project, so no regex and no backtracking.
/// </summary>
internal static class CheckboxLine
{
    /// <summary>
    /// False when the line is not a checkbox whose bold text starts with an id of <paramref name="prefix"/>
    /// (plain criteria checkboxes, prose). True with <paramref name="item"/> set when it parses; true with
    /// <paramref name="item"/> null and <paramref name="error"/> set when it is such a line but malformed.
    /// </summary>
    public static bool TryParse(string line, char prefix, out CheckboxItem? item, out string? error)
    {
        item = null;
        error = null;
        var i = MarkdownDocument.Indentation(line);
        if (i + 5 >= line.Length || line[i] is not ('-' or '*' or '+') || line[i + 1] != ' ' || line[i + 2] != '['
            || line[i + 3] is not (' ' or 'x' or 'X') || line[i + 4] != ']')
        {
            return false;
        }
        var done = line[i + 3] != ' ';
        var j = i + 5;
        while (j < line.Length && line[j] == ' ')
        {
            j++;
        }
        if (!line.AsSpan(j).StartsWith("**", StringComparison.Ordinal))
        {
            return false;
        }
        var boldStart = j + 2;
        var boldEnd = line.IndexOf("**", boldStart, StringComparison.Ordinal);
        if (boldEnd < 0)
        {
            if (UnitIdText.SplitIdAndTitle(line[boldStart..], prefix) is null)
            {
                return false;
            }
            error = "the bold title is not closed with **";
            return true;
        }
        if (UnitIdText.SplitIdAndTitle(line[boldStart..boldEnd], prefix) is not { } split)
        {
            return false;
        }
        item = new CheckboxItem(split.Id, split.Title, done, ReadTags(line, boldEnd + 2));
        return true;
    }

    /// <summary>Backtick spans of the form <c>key:value</c> after the title; keys lowercased.</summary>
    private static Dictionary<string, string> ReadTags(string line, int from)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        var start = line.IndexOf('`', from);
        while (start >= 0)
        {
            var end = line.IndexOf('`', start + 1);
            if (end < 0)
            {
                break;
            }
            var span = line.AsSpan(start + 1, end - start - 1);
            var colon = span.IndexOf(':');
            if (colon > 0)
            {
                var key = span[..colon].Trim().ToString().ToLowerInvariant();
                if (key.Length > 0 && key.AsSpan().IndexOfAny(' ', '\t') < 0)
                {
                    tags.TryAdd(key, span[(colon + 1)..].Trim().ToString());
                }
            }
            start = line.IndexOf('`', end + 1);
        }
        return tags;
    }
}
