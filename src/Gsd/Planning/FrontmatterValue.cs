namespace Gsd.Planning;

/// <summary>One top-level frontmatter key: a scalar, or a list of scalars each with its 1-based file line.</summary>
internal sealed record FrontmatterValue(string? Scalar, IReadOnlyList<(string Value, int Line)> Items, int Line)
{
    /// <summary>
    /// The value as a list: the items of a YAML list, or a scalar split on commas (tolerates
    /// <c>depends_on: M001, M002</c> and a hand-written <c>[M001]</c> that was read as text).
    /// </summary>
    public IReadOnlyList<(string Value, int Line)> AsList()
    {
        if (Items.Count > 0 || Scalar is null)
        {
            return Items;
        }
        var text = Scalar.Trim();
        if (text.StartsWith('[') && text.EndsWith(']'))
        {
            text = text[1..^1];
        }
        var list = new List<(string, int)>();
        foreach (var part in text.Split(','))
        {
            var item = Frontmatter.Unquote(part.Trim());
            if (item.Length > 0)
            {
                list.Add((item, Line));
            }
        }
        return list;
    }
}
