namespace Gsd.Planning;

/// <summary>
/// Reads a SUMMARY and applies the failure-report rule: frontmatter <c>status</c> active/pending/blocked/failed,
/// or a <c># BLOCKER</c> heading, or the words "verification failed" in the body, mean it records no completion.
/// Any other status (<c>complete</c>, <c>done</c>, none at all) counts as complete.
/// </summary>
internal static class SummaryParser
{
    private static readonly string[] FailureStatuses = ["active", "pending", "blocked", "failed"];

    public static SummaryDocument Parse(string text, SourceFile file)
    {
        var doc = MarkdownDocument.Parse(text, file, readFrontmatter: true);
        var title = MilestoneTitle.Clean(doc.Frontmatter.Scalar("title"));
        if (title.Length == 0 && doc.FirstH1() is { } h1)
        {
            title = MilestoneTitle.Clean(h1.Text);
        }
        var status = doc.Frontmatter.Scalar("status");
        if (status is not null && FailureStatuses.Contains(status.ToLowerInvariant()))
        {
            return new SummaryDocument(title, $"its frontmatter says `status: {status}`", doc.Frontmatter.Get("status")!.Line);
        }
        for (var i = doc.BodyStart; i < doc.LineCount; i++)
        {
            if (!doc.IsContent(i))
            {
                continue;
            }
            var line = doc.Line(i);
            if (MarkdownDocument.HeadingLevel(line) > 0 && IsBlockerHeading(MarkdownDocument.HeadingText(line)))
            {
                return new SummaryDocument(title, "it has a `# BLOCKER` heading", i + 1);
            }
            if (line.Contains("verification failed", StringComparison.OrdinalIgnoreCase))
            {
                return new SummaryDocument(title, "it says \"verification failed\"", i + 1);
            }
        }
        return new SummaryDocument(title, null, null);
    }

    /// <summary><c># BLOCKER</c>, <c>## Blocker: …</c> — but not a <c>## Blockers</c> section of a success story.</summary>
    private static bool IsBlockerHeading(string text) =>
        text.StartsWith("BLOCKER", StringComparison.OrdinalIgnoreCase) && (text.Length == 7 || !char.IsLetter(text[7]));
}
