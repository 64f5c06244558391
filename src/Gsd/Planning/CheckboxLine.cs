namespace Gsd.Planning;

/// <summary>
/// Parses <c>- [ ] **S01: Title** `risk:low` `depends:[S01]`</c> (and the task form with <c>T01</c> and <c>`est:30m`</c>), by hand:
/// these lines are read for every slice and task of a large project, so no regex and no backtracking.
/// </summary>
internal static class CheckboxLine
{
    /// <summary>
    /// False when the line is not a checkbox whose bold text starts with an id of <paramref name="prefix"/>
    /// (plain criteria checkboxes, prose). True with <paramref name="item"/> set when it parses; true with
    /// <paramref name="item"/> null and <paramref name="error"/> set when it is such a line but malformed.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> line, char prefix, out CheckboxItem? item, out string? error)
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
        if (!line[j..].StartsWith("**"))
        {
            return false;
        }
        var boldStart = j + 2;
        var boldEnd = line[boldStart..].IndexOf("**");
        if (boldEnd >= 0)
        {
            boldEnd += boldStart;
        }
        else
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
        string? risk = null, depends = null, estimate = null;
        var tags = line[(boldEnd + 2)..];
        while (tags.IndexOf('`') is var open and >= 0)
        {
            tags = tags[(open + 1)..];
            var close = tags.IndexOf('`');
            if (close < 0)
            {
                break;
            }
            var tag = tags[..close];
            tags = tags[(close + 1)..];
            var colon = tag.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }
            var key = tag[..colon].Trim();
            var value = tag[(colon + 1)..].Trim();
            if (key.Equals("risk", StringComparison.OrdinalIgnoreCase))
            {
                risk ??= value.ToString();
            }
            else if (key.Equals("depends", StringComparison.OrdinalIgnoreCase))
            {
                depends ??= value.ToString();
            }
            else if (key.Equals("est", StringComparison.OrdinalIgnoreCase) || key.Equals("estimate", StringComparison.OrdinalIgnoreCase))
            {
                estimate ??= value.ToString();
            }
        }
        item = new CheckboxItem(split.Id, split.Title, done, risk, depends, estimate);
        return true;
    }
}
