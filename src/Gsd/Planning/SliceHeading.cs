namespace Gsd.Planning;

/// <summary>
/// Reads a heading-form slice under <c>## Slices</c>: <c>### S01 — Title</c>, <c>### S01: Title ✅</c>,
/// <c>### ✅ S01: Title</c>, <c>### **S01: Title** 🔲</c>, <c>### Slice S01: Title</c>, <c>### S01: ✓ Title</c>.
/// </summary>
internal static class SliceHeading
{
    /// <summary>Id, title and the done mark (null when the heading carries none); null when no slice id leads.</summary>
    public static (string Id, string Title, bool? Done)? Parse(string headingText)
    {
        var text = headingText;
        var done = SliceMarker.Strip(ref text);
        text = text.Replace("**", "", StringComparison.Ordinal).Trim();
        if (text.StartsWith("Slice ", StringComparison.OrdinalIgnoreCase))
        {
            text = text[6..].TrimStart();
        }
        if (UnitIdText.SplitIdAndTitle(text, 'S') is not { } split)
        {
            return null;
        }
        var title = split.Title;
        done ??= SliceMarker.Strip(ref title);
        return (split.Id, title, done);
    }
}
