namespace Gsd.Planning;

/// <summary>
/// The done/pending mark real roadmaps put on heading-form slices: <c>### S01: Installer ✅</c>, <c>### ✅ S02: …</c>,
/// <c>### S03: ✓ …</c>, <c>### S05: QA 🔲</c>, <c>### S06: … (Complete)</c>. Done: ✅ ✔ ☑ ✓ [x] (Complete) (Done);
/// pending: 🔲 ⬜ ☐ 🔳 ⏳ [ ]. GSD-2 reads only ✅/✓ (and ✅ only at the end), so its authors' other marks end up in
/// the title; here every one of them counts.
/// </summary>
internal static class SliceMarker
{
    private static readonly string[] DoneMarks = ["✅", "✔", "☑", "✓", "[x]", "[X]", "(Complete)", "(Completed)", "(Done)"];

    private static readonly string[] PendingMarks = ["🔲", "⬜", "☐", "🔳", "⏳", "[ ]"];

    /// <summary>Strips one leading or trailing mark (emoji variation selectors included) and says what it meant; null when none.</summary>
    public static bool? Strip(ref string text)
    {
        var trimmed = text.Trim();
        foreach (var (marks, done) in (ReadOnlySpan<(string[], bool)>)[(DoneMarks, true), (PendingMarks, false)])
        {
            foreach (var mark in marks)
            {
                var end = trimmed.TrimEnd('\uFE0F').TrimEnd();
                if (end.EndsWith(mark, StringComparison.OrdinalIgnoreCase) && end.Length > mark.Length)
                {
                    text = TrimSeparator(end[..^mark.Length]);
                    return done;
                }
                if (trimmed.StartsWith(mark, StringComparison.OrdinalIgnoreCase) && trimmed.Length > mark.Length)
                {
                    text = trimmed[mark.Length..].TrimStart('\uFE0F').Trim();
                    return done;
                }
            }
        }
        return null;
    }

    /// <summary>The mark that says pending, at <paramref name="text"/>'s end or start, or null: what <see cref="PlanEditor"/> swaps for ✅.</summary>
    public static string? PendingMark(string text)
    {
        var trimmed = text.Trim().TrimEnd('\uFE0F').TrimEnd();
        foreach (var mark in PendingMarks)
        {
            if (trimmed.EndsWith(mark, StringComparison.Ordinal) || trimmed.StartsWith(mark, StringComparison.Ordinal))
            {
                return mark;
            }
        }
        return null;
    }

    /// <summary><c>Title —</c>, <c>Title |</c>, <c>Title -</c> (a separator before the mark) → <c>Title</c>.</summary>
    private static string TrimSeparator(string text)
    {
        var t = text.TrimEnd();
        if (t.EndsWith(" —", StringComparison.Ordinal) || t.EndsWith(" –", StringComparison.Ordinal)
            || t.EndsWith(" -", StringComparison.Ordinal) || t.EndsWith(" |", StringComparison.Ordinal))
        {
            t = t[..^2];
        }
        return t.TrimEnd();
    }
}
