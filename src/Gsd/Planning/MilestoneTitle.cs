namespace Gsd.Planning;

/// <summary>
/// Turns a heading or frontmatter title into the title a person reads: drops the leading id (<c>M001: </c>,
/// <c>M003 Roadmap: </c>, a doubled <c>M002: M002: </c>, <c>Milestone M006: </c>), a leading artifact word
/// (<c>Roadmap — </c>, <c>Context: </c>) and artifact suffixes (<c> — Context</c>, <c> — Roadmap</c>,
/// <c> — Context Draft</c>, <c> — DRAFT CONTEXT</c>, <c> — Summary</c>, <c> (Context)</c>). Only the first <c>: </c>
/// separates the id. GSD-2 strips only <c>M###…: </c>, so it shows <c>Milestone M006: Title</c> and
/// <c>Title — Roadmap</c> as titles; what the authors meant is <c>Title</c>.
/// </summary>
public static class MilestoneTitle
{
    private static readonly string[] ArtifactWords =
        ["Milestone Context", "Milestone Roadmap", "Milestone Summary", "Context Draft", "Draft Context", "Context", "Roadmap",
         "Implementation Summary", "Summary", "Draft"];

    public static string Clean(string? text)
    {
        var title = (text ?? "").Trim();
        while (TryStripLeadingId(ref title) || TryStripLeadingWord(ref title))
        {
        }
        bool stripped;
        do
        {
            stripped = false;
            foreach (var word in ArtifactWords)
            {
                var suffix = $"({word})";
                if (title.Length > suffix.Length && title.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                {
                    title = title[..^suffix.Length].TrimEnd();
                    stripped = true;
                }
            }
            foreach (var word in ArtifactWords)
            {
                foreach (var dash in (ReadOnlySpan<string>)[" — ", " – ", " - "])
                {
                    var suffix = dash + word;
                    if (title.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                    {
                        title = title[..^suffix.Length].TrimEnd();
                        stripped = true;
                    }
                }
            }
        }
        while (stripped);
        return title.Trim();
    }

    /// <summary><c>Milestone M006: …</c> → <c>M006: …</c>; <c>Roadmap — Title</c>, <c>Context: Title</c> → <c>Title</c>.</summary>
    private static bool TryStripLeadingWord(ref string title)
    {
        if (title.StartsWith("Milestone ", StringComparison.OrdinalIgnoreCase) && IdLength(title[10..].TrimStart()) > 0)
        {
            title = title[10..].TrimStart();
            return true;
        }
        foreach (var word in ArtifactWords)
        {
            if (title.Length > word.Length && title.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            {
                var rest = title[word.Length..].TrimStart();
                if (rest.StartsWith(':') || rest.StartsWith('—') || rest.StartsWith('–') || rest.StartsWith("- ", StringComparison.Ordinal))
                {
                    title = rest[1..].TrimStart();
                    return true;
                }
            }
        }
        return false;
    }

    private static bool TryStripLeadingId(ref string title)
    {
        var length = IdLength(title);
        if (length == 0)
        {
            return false;
        }
        var rest = title[length..].TrimStart();
        foreach (var word in ArtifactWords)
        {
            if (rest.StartsWith(word, StringComparison.OrdinalIgnoreCase)
                && (rest.Length == word.Length || rest[word.Length] == ':'))
            {
                rest = rest[word.Length..];
                break;
            }
        }
        if (rest.StartsWith(':'))
        {
            rest = rest[1..];
        }
        else if (rest.StartsWith('—') || rest.StartsWith('–') || rest.StartsWith("- ", StringComparison.Ordinal))
        {
            rest = rest[1..];
        }
        title = rest.TrimStart();
        return true;
    }

    /// <summary>Length of a leading milestone id (<c>M001</c>, <c>m001</c>, <c>M001-abc123</c>) ending at a boundary; 0 if none.</summary>
    private static int IdLength(string text)
    {
        if (text.Length < 4 || (text[0] != 'M' && text[0] != 'm')
            || !char.IsAsciiDigit(text[1]) || !char.IsAsciiDigit(text[2]) || !char.IsAsciiDigit(text[3]))
        {
            return 0;
        }
        var length = 4;
        if (text.Length >= 11 && text[4] == '-')
        {
            var suffix = text.AsSpan(5, 6);
            var ok = true;
            foreach (var c in suffix)
            {
                ok &= char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c);
            }
            if (ok)
            {
                length = 11;
            }
        }
        return length == text.Length || text[length] is ':' or ' ' or '\t' ? length : 0;
    }
}
