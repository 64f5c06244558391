namespace Gsd.Planning;

/// <summary>
/// Reads <c>M###-ROADMAP.md</c> in the three forms real projects use, preferring them in this order:
/// checkbox lines <c>- [ ] **S01: Title** `risk:low` `depends:[S01,S02]`</c>; a slice table
/// (<c>| ID | Slice | Risk | Depends | Done | After this |</c>, Done ✅/⬜); <c>### S01 — Title</c> headings
/// under <c>## Slices</c>, done or pending by a mark on the heading (<c>### S01: Installer ✅</c>, see
/// <see cref="SliceMarker"/>), else <see cref="RoadmapSlice.Done"/> is null.
/// </summary>
internal static class RoadmapParser
{
    public static RoadmapDocument Parse(string text, SourceFile file)
    {
        var doc = MarkdownDocument.Parse(text, file, readFrontmatter: false);
        var checkbox = new List<RoadmapSlice>();
        var table = new List<RoadmapSlice>();
        var headings = new List<RoadmapSlice>();
        var inSlicesSection = false;
        var slicesSectionLine = 0;
        var slicesSectionHasText = false;
        for (var i = doc.BodyStart; i < doc.LineCount; i++)
        {
            if (!doc.IsContent(i))
            {
                continue;
            }
            var line = doc.Line(i);
            var level = MarkdownDocument.HeadingLevel(line);
            if (level is 1 or 2)
            {
                var wasSlices = inSlicesSection;
                inSlicesSection = level == 2 && MarkdownDocument.HeadingText(line).StartsWith("Slice", StringComparison.OrdinalIgnoreCase);
                if (inSlicesSection && !wasSlices && slicesSectionLine == 0)
                {
                    slicesSectionLine = i + 1;
                }
                continue;
            }
            if (inSlicesSection && !line.IsWhiteSpace())
            {
                slicesSectionHasText = true;
            }
            if (level is 3 or 4 && inSlicesSection)
            {
                if (SliceHeading.Parse(MarkdownDocument.HeadingText(line)) is { } s)
                {
                    headings.Add(new RoadmapSlice(s.Id, s.Title, s.Done, [], null, i + 1));
                }
                continue;
            }
            if (CheckboxLine.TryParse(line, 'S', out var item, out var error))
            {
                if (item is not null)
                {
                    checkbox.Add(new RoadmapSlice(item.Id, item.Title, item.Done, item.Depends is null ? [] : SplitIds(item.Depends), item.Risk, i + 1));
                }
                else
                {
                    file.Report(ProblemCodes.UnparseableLine, $"slice line not understood ({error}): {Shorten(line)}", i + 1);
                }
                continue;
            }
            if (line.TrimStart().StartsWith("|") && i + 1 < doc.LineCount && SliceTable.IsSeparator(doc.Line(i + 1)))
            {
                var columns = SliceTable.ReadHeader(line.ToString());
                if (columns is not null)
                {
                    i = SliceTable.ReadRows(doc, i + 2, columns, table, file) - 1;
                }
            }
        }
        var (format, slices) = checkbox.Count > 0 ? (RoadmapFormat.Checkbox, checkbox)
            : table.Count > 0 ? (RoadmapFormat.Table, table)
            : headings.Count > 0 ? (RoadmapFormat.Headings, headings)
            : (RoadmapFormat.Empty, checkbox);
        if (format == RoadmapFormat.Empty && slicesSectionHasText)
        {
            file.Report(
                ProblemCodes.UnparseableLine,
                "the Slices section declares no slice this tool can read (expected `- [ ] **S01: Title** `risk:low` `depends:[]``, a slice table or `### S01 — Title` headings)",
                slicesSectionLine);
        }
        return new RoadmapDocument(doc.FirstH1()?.Text, format, Deduplicate(slices, file));
    }

    /// <summary><c>[S01,S02]</c>, <c>S01, S02</c>, <c>—</c>, <c>none</c>, a range <c>S01-S03</c> or <c>S01..S03</c> (as GSD-2 reads it) → the ids.</summary>
    internal static IReadOnlyList<string> SplitIds(string value)
    {
        var ids = new List<string>();
        foreach (var part in value.Trim().Trim('[', ']').Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var id = part.Trim('`', '*', '"', '\'');
            if (id.Length == 0 || id is "—" or "–" or "-" || id.Equals("none", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            foreach (var one in ExpandRange(id))
            {
                if (!ids.Contains(one))
                {
                    ids.Add(one);
                }
            }
        }
        return ids;
    }

    /// <summary><c>S01-S04</c> / <c>S01..S04</c> → S01, S02, S03, S04 (zero padding kept); anything else as it is.</summary>
    private static IEnumerable<string> ExpandRange(string id)
    {
        var separator = id.Contains("..", StringComparison.Ordinal) ? ".." : "-";
        var parts = id.Split(separator);
        if (parts.Length == 2 && parts[0].Length >= 2 && parts[1].Length >= 2 && char.ToUpperInvariant(parts[0][0]) == char.ToUpperInvariant(parts[1][0])
            && char.IsAsciiLetter(parts[0][0]) && parts[0].AsSpan(1).ContainsAnyExceptInRange('0', '9') is false
            && parts[1].AsSpan(1).ContainsAnyExceptInRange('0', '9') is false
            && int.TryParse(parts[0].AsSpan(1), System.Globalization.CultureInfo.InvariantCulture, out var first)
            && int.TryParse(parts[1].AsSpan(1), System.Globalization.CultureInfo.InvariantCulture, out var last)
            && first <= last && last - first < 100)
        {
            var prefix = char.ToUpperInvariant(parts[0][0]);
            var width = parts[0].Length - 1;
            for (var n = first; n <= last; n++)
            {
                yield return prefix + n.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width, '0');
            }
            yield break;
        }
        yield return id;
    }

    internal static string Shorten(ReadOnlySpan<char> line)
    {
        var text = line.Trim();
        return text.Length <= 80 ? text.ToString() : string.Concat(text[..77], "...");
    }

    private static List<RoadmapSlice> Deduplicate(List<RoadmapSlice> slices, SourceFile file)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<RoadmapSlice>(slices.Count);
        foreach (var slice in slices)
        {
            if (seen.Add(slice.Id))
            {
                result.Add(slice);
            }
            else
            {
                file.Report(ProblemCodes.DuplicateId, $"slice {slice.Id} is declared again; the first declaration is used", slice.Line);
            }
        }
        return result;
    }
}
