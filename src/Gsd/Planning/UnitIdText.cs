namespace Gsd.Planning;

/// <summary>Recognises slice and task ids as real files write them (<c>S01</c>, <c>S00</c>, <c>S04.5</c>, <c>SR01</c>, <c>T01</c>).</summary>
internal static class UnitIdText
{
    public static bool LooksLikeSliceId(ReadOnlySpan<char> token) => LooksLikeId(token, 'S');

    public static bool LooksLikeTaskId(ReadOnlySpan<char> token) => LooksLikeId(token, 'T');

    /// <summary>The prefix letter, then letters/digits/<c>.</c>/<c>_</c>/<c>-</c>, with at least one digit; at most 24 chars.</summary>
    private static bool LooksLikeId(ReadOnlySpan<char> token, char prefix)
    {
        if (token.Length < 2 || token.Length > 24 || char.ToUpperInvariant(token[0]) != prefix)
        {
            return false;
        }
        var digit = false;
        foreach (var c in token[1..])
        {
            if (char.IsAsciiDigit(c))
            {
                digit = true;
            }
            else if (!char.IsAsciiLetter(c) && c is not '.' and not '_' and not '-')
            {
                return false;
            }
        }
        return digit;
    }

    /// <summary>Splits <c>S01: Title</c>, <c>S01 — Title</c>, <c>S01 Title</c> into id and title; null when no id leads.</summary>
    public static (string Id, string Title)? SplitIdAndTitle(ReadOnlySpan<char> text, char prefix)
    {
        var end = 0;
        while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] != ':')
        {
            end++;
        }
        var id = text[..end];
        if (!LooksLikeId(id, prefix))
        {
            return null;
        }
        var rest = text[end..].TrimStart();
        if (rest.StartsWith(":"))
        {
            rest = rest[1..];
        }
        else if (rest.StartsWith("—") || rest.StartsWith("–") || rest.StartsWith("- ") || rest.Equals("-", StringComparison.Ordinal))
        {
            rest = rest[1..];
        }
        else if (!rest.IsEmpty && (rest.StartsWith("->") || rest.StartsWith("→") || rest.StartsWith(",")))
        {
            return null; // "S01 -> S02", "S01,S02 → S04": boundary-map headings, not slices
        }
        return (id.ToString(), rest.Trim().ToString());
    }
}
