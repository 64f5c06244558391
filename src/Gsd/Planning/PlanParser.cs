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
        var lines = doc.Lines;
        var hasTasksHeading = false;
        for (var i = doc.BodyStart; i < lines.Length && !hasTasksHeading; i++)
        {
            hasTasksHeading = doc.IsContent(i) && MarkdownDocument.HeadingLevel(lines[i]) == 2 && IsTasksHeading(lines[i]);
        }
        var checkboxTasks = new List<TaskBuilder>();
        var headingTasks = new List<TaskBuilder>();
        var files = new List<string>();
        var inTasks = !hasTasksHeading;
        var inFiles = false;
        TaskBuilder? current = null;
        for (var i = doc.BodyStart; i < lines.Length; i++)
        {
            if (!doc.IsContent(i))
            {
                continue;
            }
            var line = lines[i];
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
                if (ListItemText(line) is { } item && FileEntries.FromListItem(item) is { Length: > 0 } path && !files.Contains(path))
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
                current = new TaskBuilder(task.Id, task.Title, task.Done, task.Tags.GetValueOrDefault("est"), i + 1, fromHeading: false);
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

    private static bool IsTasksHeading(string line) =>
        MarkdownDocument.HeadingText(line).EndsWith("Tasks", StringComparison.OrdinalIgnoreCase);

    /// <summary>The text of a <c>- item</c> / <c>* item</c> line, or null.</summary>
    private static string? ListItemText(string line)
    {
        var i = MarkdownDocument.Indentation(line);
        return i + 1 < line.Length && line[i] is '-' or '*' or '+' && line[i + 1] == ' ' ? line[(i + 2)..].Trim() : null;
    }

    private static void ReadSubBullet(string line, TaskBuilder task)
    {
        if (ListItemText(line) is not { } text)
        {
            return;
        }
        var bold = text.StartsWith("**", StringComparison.Ordinal);
        if (bold)
        {
            text = text[2..];
        }
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon > 12)
        {
            return;
        }
        var key = text[..colon].Trim().ToLowerInvariant();
        var value = text[(colon + 1)..];
        if (bold && value.StartsWith("**", StringComparison.Ordinal))
        {
            value = value[2..];
        }
        value = value.Trim();
        switch (key)
        {
            case "files":
                foreach (var path in FileEntries.FromFilesValue(value))
                {
                    if (!task.Files.Contains(path))
                    {
                        task.Files.Add(path);
                    }
                }
                break;
            case "verify" when task.Verify is null && value.Length > 0:
                task.Verify = IsSingleCodeSpan(value) ? value[1..^1].Trim() : value;
                break;
            case "estimate" or "est" when task.Estimate is null && value.Length > 0:
                task.Estimate = value;
                break;
        }
    }

    private static bool IsSingleCodeSpan(string value) =>
        value.Length > 2 && value[0] == '`' && value[^1] == '`' && value.IndexOf('`', 1) == value.Length - 1;

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
