using System.Text.Json;

namespace Gsd.Agents;

/// <summary>A tool call as one short line: the tool and what it works on, e.g. <c>Bash: npm test</c>, <c>Edit: src/app.ts</c>.</summary>
public static class ToolActivity
{
    /// <summary>The input fields that say what a tool works on, most telling first.</summary>
    private static readonly string[] Subjects =
        ["command", "file_path", "notebook_path", "path", "pattern", "url", "query", "description", "prompt", "skill"];

    public static string Describe(string tool, JsonElement? input)
    {
        if (input is { } i)
        {
            foreach (var key in Subjects)
            {
                if (JsonValues.String(i, key) is { Length: > 0 } subject)
                {
                    return $"{tool}: {FirstLine(subject)}";
                }
            }
        }
        return tool;
    }

    private static string FirstLine(string text)
    {
        var line = text.Trim();
        var end = line.IndexOf('\n', StringComparison.Ordinal);
        var first = end < 0 ? line : line[..end].TrimEnd() + " …";
        return first.Length <= 100 ? first : first[..99] + "…";
    }
}
