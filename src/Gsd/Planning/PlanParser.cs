namespace Gsd.Planning;

/// <summary>
/// Reads <c>S##-PLAN.md</c>: task lines <c>- [ ] **T01: Title** `est:30m`</c> after the <c>## Tasks</c> heading,
/// each with optional indented sub-bullets <c>- Files: `a`, `b`</c> (or <c>a, b</c>), <c>- Verify: &lt;command&gt;</c>
/// and <c>- Estimate: 90m</c>; and the <c>## Files Likely Touched</c> list. Newer plans put <c>## Description</c>,
/// <c>## Steps</c> … between a task line and its sub-bullets, so a task's bullets are taken until the next task.
/// Plans that list tasks as <c>### T01 — Title</c> headings are read too (done only by their summary).
/// </summary>
internal static class PlanParser
{
    private sealed class TaskBuilder(string id, string title, bool done, string? estimate, int line, bool fromHeading)
    {
        public string Id => id;

        public int Line => line;

        public bool FromHeading => fromHeading;

        public List<string> Files { get; } = [];

        public string? Verify { get; set; }

        public string? Estimate { get; set; } = estimate;

        public PlannedTask Build() => new(id, title, done, Files, Verify, Estimate, line);
    }

    public static PlanDocument Parse(string text, SourceFile file)
    {
        var doc = MarkdownDocument.Parse(text, file, readFrontmatter: false);
        var hasTasksHeading = false;
        for (var i = doc.BodyStart; i < doc.LineCount && !hasTasksHeading; i++)
        {
            hasTasksHeading = doc.IsContent(i) && MarkdownDocument.HeadingLevel(doc.Line(i)) == 2 && IsTasksHeading(doc.Line(i));
        }
        var checkboxTasks = new List<TaskBuilder>();
        var headingTasks = new List<TaskBuilder>();
        var files = new List<string>();
        var inTasks = !hasTasksHeading;
        var inFiles = false;
        TaskBuilder? current = null;
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
                inFiles = level == 2 && MarkdownDocument.HeadingText(line).StartsWith("Files Likely Touched", StringComparison.OrdinalIgnoreCase);
                inTasks |= level == 2 && IsTasksHeading(line);
                if (inFiles || level == 1)
                {
                    current = null;
                }
                continue;
            }
            if (inFiles)
            {
                if (ListItemText(line) is { IsEmpty: false } item && FileEntries.FromListItem(item.ToString()) is { Length: > 0 } path && !files.Contains(path))
                {
                    files.Add(path);
                }
                continue;
            }
            if (!inTasks)
            {
                continue;
            }
            if (level == 3)
            {
                if (UnitIdText.SplitIdAndTitle(MarkdownDocument.HeadingText(line), 'T') is { } heading)
                {
                    current = new TaskBuilder(heading.Id, heading.Title, false, null, i + 1, fromHeading: true);
                    headingTasks.Add(current);
                }
                continue;
            }
            if (CheckboxLine.TryParse(line, 'T', out var task, out var error))
            {
                if (task is null)
                {
                    file.Report(ProblemCodes.UnparseableLine, $"task line not understood ({error}): {RoadmapParser.Shorten(line)}", i + 1);
                    continue;
                }
                current = new TaskBuilder(task.Id, task.Title, task.Done, task.Estimate, i + 1, fromHeading: false);
                checkboxTasks.Add(current);
                continue;
            }
            if (current is not null && (current.FromHeading || MarkdownDocument.Indentation(line) > 0))
            {
                ReadSubBullet(line, current);
            }
        }
        var chosen = checkboxTasks.Count > 0 ? checkboxTasks : headingTasks;
        return new PlanDocument(Deduplicate(chosen, file), files);
    }

    private static bool IsTasksHeading(ReadOnlySpan<char> line) =>
        line.TrimEnd().TrimEnd('#').TrimEnd().EndsWith("Tasks", StringComparison.OrdinalIgnoreCase);

    /// <summary>The text of a <c>- item</c> / <c>* item</c> line (empty when the line is no list item).</summary>
    private static ReadOnlySpan<char> ListItemText(ReadOnlySpan<char> line)
    {
        var i = MarkdownDocument.Indentation(line);
        return i + 1 < line.Length && line[i] is '-' or '*' or '+' && line[i + 1] == ' ' ? line[(i + 2)..].Trim() : [];
    }

    private static void ReadSubBullet(ReadOnlySpan<char> line, TaskBuilder task)
    {
        var text = ListItemText(line);
        var bold = text.StartsWith("**");
        if (bold)
        {
            text = text[2..];
        }
        var colon = text.IndexOf(':');
        if (colon <= 0 || colon > 12)
        {
            return;
        }
        var key = text[..colon].Trim();
        var rest = text[(colon + 1)..];
        if (bold && rest.StartsWith("**"))
        {
            rest = rest[2..];
        }
        rest = rest.Trim();
        if (key.Equals("Files", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var path in FileEntries.FromFilesValue(rest.ToString()))
            {
                if (!task.Files.Contains(path))
                {
                    task.Files.Add(path);
                }
            }
        }
        else if (key.Equals("Verify", StringComparison.OrdinalIgnoreCase) && task.Verify is null && !rest.IsEmpty)
        {
            // Some generated plans write "Verify: - `cmd`" (a list that lost its line break).
            if (rest.StartsWith("- "))
            {
                rest = rest[2..].Trim();
            }
            task.Verify = (IsSingleCodeSpan(rest) ? rest[1..^1].Trim() : rest).ToString();
        }
        else if ((key.Equals("Estimate", StringComparison.OrdinalIgnoreCase) || key.Equals("Est", StringComparison.OrdinalIgnoreCase))
                 && task.Estimate is null && !rest.IsEmpty)
        {
            task.Estimate = rest.ToString();
        }
    }

    private static bool IsSingleCodeSpan(ReadOnlySpan<char> value) =>
        value.Length > 2 && value[0] == '`' && value[^1] == '`' && value[1..].IndexOf('`') == value.Length - 2;

    private static List<PlannedTask> Deduplicate(List<TaskBuilder> tasks, SourceFile file)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<PlannedTask>(tasks.Count);
        foreach (var task in tasks)
        {
            if (seen.Add(task.Id))
            {
                result.Add(task.Build());
            }
            else
            {
                file.Report(ProblemCodes.DuplicateId, $"task {task.Id} is declared again; the first declaration is used", task.Line);
            }
        }
        return result;
    }
}
