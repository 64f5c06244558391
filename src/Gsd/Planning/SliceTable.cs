namespace Gsd.Planning;

/// <summary>
/// The table form of a ROADMAP's slices (<c>| ID | Slice | Risk | Depends | Done | After this |</c>), found
/// by its header: any table with an ID column and a Slice/Title column. Columns are located by name.
/// </summary>
internal static class SliceTable
{
    internal sealed record Columns(int Id, int Title, int Risk, int Depends, int Done);

    public static bool IsSeparator(ReadOnlySpan<char> line)
    {
        var text = line.Trim();
        return text.Length > 1 && text[0] == '|' && text.Contains('-') && !text.ContainsAnyExcept("|-: \t");
    }

    public static Columns? ReadHeader(string line)
    {
        var cells = Cells(line);
        int Find(params string[] names) => cells.FindIndex(c => names.Contains(c, StringComparer.OrdinalIgnoreCase));
        var id = Find("ID", "Slice ID", "#");
        var title = Find("Slice", "Title", "Name");
        return id < 0 || title < 0 ? null : new Columns(id, title, Find("Risk"), Find("Depends", "Depends on", "Dependencies"), Find("Done", "Status"));
    }

    /// <summary>Reads rows from <paramref name="start"/>; returns the index of the first line after the table.</summary>
    public static int ReadRows(MarkdownDocument doc, int start, Columns columns, List<RoadmapSlice> slices, SourceFile file)
    {
        var i = start;
        for (; i < doc.LineCount; i++)
        {
            if (!doc.IsContent(i) || !doc.Line(i).TrimStart().StartsWith("|"))
            {
                break;
            }
            var line = doc.Line(i).ToString();
            var cells = Cells(line);
            var id = Cell(cells, columns.Id).Trim('*', '`').Trim();
            if (!UnitIdText.LooksLikeSliceId(id))
            {
                file.Report(ProblemCodes.UnparseableLine, $"slice table row has no slice id in its ID column: {RoadmapParser.Shorten(line)}", i + 1);
                continue;
            }
            var risk = Cell(cells, columns.Risk);
            slices.Add(new RoadmapSlice(
                id,
                Cell(cells, columns.Title).Trim('*').Trim(),
                columns.Done < 0 ? null : IsDone(Cell(cells, columns.Done)),
                RoadmapParser.SplitIds(Cell(cells, columns.Depends)),
                risk.Length == 0 || risk is "—" or "-" ? null : risk,
                i + 1));
        }
        return i;
    }

    private static bool IsDone(string cell) =>
        cell.Contains('✅', StringComparison.Ordinal) || cell.Contains('✔', StringComparison.Ordinal)
        || cell.Contains('☑', StringComparison.Ordinal) || cell.Contains('✓', StringComparison.Ordinal)
        || cell.Trim('[', ']', ' ').ToLowerInvariant() is "x" or "yes" or "done" or "complete" or "completed" or "true";

    private static string Cell(List<string> cells, int index) => index >= 0 && index < cells.Count ? cells[index] : "";

    /// <summary>The cells between the outer pipes, trimmed. Pipes inside backticks do not split a cell.</summary>
    private static List<string> Cells(string line)
    {
        var text = line.Trim();
        var cells = new List<string>();
        var start = text.StartsWith('|') ? 1 : 0;
        var inCode = false;
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == '`')
            {
                inCode = !inCode;
            }
            else if (text[i] == '|' && !inCode && (i == 0 || text[i - 1] != '\\'))
            {
                cells.Add(text[start..i].Trim());
                start = i + 1;
            }
        }
        if (start < text.Length)
        {
            cells.Add(text[start..].Trim());
        }
        return cells;
    }
}
