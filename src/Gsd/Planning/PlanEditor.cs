using System.Globalization;
using Gsd.IO;
using Gsd.Layout;

namespace Gsd.Planning;

/// <summary>The worker's own edits to planning files: ticking tasks and slices, writing summaries. Every write is atomic.</summary>
public static class PlanEditor
{
    /// <summary>Ticks <c>- [ ] **T01:</c> in the slice plan; false when no such unticked line exists.</summary>
    public static bool TickTask(string root, string mid, string sid, string tid) =>
        TickCheckbox(GsdPaths.SlicePlanFile(root, mid, sid), tid);

    /// <summary>Marks the slice done in the roadmap: checkbox form <c>[x]</c>, table form ⬜ → ✅, heading form's pending mark → ✅.</summary>
    public static bool TickSlice(string root, string mid, string sid)
    {
        var path = GsdPaths.RoadmapFile(root, mid);
        if (TickCheckbox(path, sid))
        {
            return true;
        }
        if (!File.Exists(path))
        {
            return false;
        }
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var cells = lines[i].Split('|');
            if (cells.Length > 2 && string.Equals(cells[1].Trim(), sid, StringComparison.OrdinalIgnoreCase) && lines[i].Contains('⬜', StringComparison.Ordinal))
            {
                lines[i] = lines[i].Replace("⬜", "✅", StringComparison.Ordinal);
                AtomicFile.WriteAllText(path, string.Join('\n', lines) + "\n");
                return true;
            }
        }
        return TickHeading(path, lines, sid);
    }

    /// <summary><c>### S05: QA 🔲</c> → <c>### S05: QA ✅</c> (<c>[ ]</c> → <c>[x]</c>); a heading without a mark is left alone.</summary>
    private static bool TickHeading(string path, string[] lines, string sid)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            var level = MarkdownDocument.HeadingLevel(lines[i]);
            if (level is not (3 or 4)
                || SliceHeading.Parse(MarkdownDocument.HeadingText(lines[i])) is not { Done: false } heading
                || !string.Equals(heading.Id, sid, StringComparison.OrdinalIgnoreCase)
                || SliceMarker.PendingMark(MarkdownDocument.HeadingText(lines[i])) is not { } mark)
            {
                continue;
            }
            var at = lines[i].TrimEnd().TrimEnd('\uFE0F').TrimEnd().EndsWith(mark, StringComparison.Ordinal)
                ? lines[i].LastIndexOf(mark, StringComparison.Ordinal)
                : lines[i].IndexOf(mark, StringComparison.Ordinal);
            var done = mark == "[ ]" ? "[x]" : "✅";
            var end = at + mark.Length;
            if (done == "✅" && end < lines[i].Length && lines[i][end] == '\uFE0F')
            {
                end++;
            }
            lines[i] = string.Concat(lines[i].AsSpan(0, at), done, lines[i].AsSpan(end));
            AtomicFile.WriteAllText(path, string.Join('\n', lines) + "\n");
            return true;
        }
        return false;
    }

    public static void WriteTaskSummary(string root, string mid, string sid, string tid, string title, IReadOnlyList<string> keyFiles, string body, DateTimeOffset completedAt)
    {
        var files = keyFiles.Count == 0 ? "[]" : "\n" + string.Join('\n', keyFiles.Select(f => $"  - {f}"));
        AtomicFile.WriteAllText(
            GsdPaths.TaskSummaryFile(root, mid, sid, tid),
            $"---\nid: {tid}\nparent: {sid}\nmilestone: {mid}\nkey_files: {files}\ncompleted_at: {completedAt.ToString("O", CultureInfo.InvariantCulture)}\n---\n\n# {tid}: {title}\n\n{body.TrimEnd()}\n");
    }

    public static void WriteSliceSummary(string root, string mid, string sid, string title, string body, DateTimeOffset completedAt) =>
        AtomicFile.WriteAllText(
            GsdPaths.SliceSummaryFile(root, mid, sid),
            $"---\nid: {sid}\nmilestone: {mid}\ncompleted_at: {completedAt.ToString("O", CultureInfo.InvariantCulture)}\n---\n\n# {sid}: {title}\n\n{body.TrimEnd()}\n");

    public static void WriteMilestoneSummary(string root, string mid, string title, string body, DateTimeOffset completedAt) =>
        AtomicFile.WriteAllText(
            GsdPaths.SummaryFile(root, mid),
            $"---\nid: {mid}\nstatus: complete\ncompleted_at: {completedAt.ToString("O", CultureInfo.InvariantCulture)}\n---\n\n# {mid}: {title}\n\n{body.TrimEnd()}\n");

    private static bool TickCheckbox(string path, string id)
    {
        if (!File.Exists(path))
        {
            return false;
        }
        var text = File.ReadAllText(path);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].TrimStart();
            if (trimmed.StartsWith("- [ ] **", StringComparison.Ordinal)
                && trimmed.AsSpan(8).StartsWith(id + ":", StringComparison.OrdinalIgnoreCase))
            {
                var at = lines[i].IndexOf("- [ ]", StringComparison.Ordinal);
                lines[i] = string.Concat(lines[i].AsSpan(0, at), "- [x]", lines[i].AsSpan(at + 5));
                AtomicFile.WriteAllText(path, string.Join('\n', lines));
                return true;
            }
        }
        return false;
    }
}
