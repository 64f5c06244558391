using System.Globalization;
using System.Text.Json;
using Gsd.Agents;

namespace Gsd.Rendering;

/// <summary>
/// Turns an agent log (<c>.gsd/parallel/logs/&lt;MID&gt;.jsonl</c>: Claude Code stream-json or codex exec events, other
/// output, gsd's unit markers) into a transcript for people: who said what, which tools ran on what and with what
/// result, errors, and what each try cost. Fed a line at a time, so it can follow a log as it grows.
/// </summary>
public sealed class AgentTranscript
{
    private const int ResultLines = 4;
    private readonly Dictionary<string, string> _tools = new(StringComparer.Ordinal);
    private string _speaker = "agent";

    /// <summary>The unit whose try is being read (from the last unit-start marker), or null before the first.</summary>
    public string? CurrentUnit { get; private set; }

    /// <summary>The lines for one log line; none for events that say nothing to a reader.</summary>
    public IReadOnlyList<string> Render(string line)
    {
        var trimmed = line.Trim();
        if (trimmed.Length == 0)
        {
            return [];
        }
        if (trimmed[0] != '{')
        {
            return [$"  | {line.TrimEnd()}"];
        }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(trimmed);
        }
        catch (JsonException)
        {
            return [$"  | {line.TrimEnd()}"];
        }
        using (doc)
        {
            var e = doc.RootElement;
            return e.ValueKind == JsonValueKind.Object ? Event(e) : [$"  | {line.TrimEnd()}"];
        }
    }

    /// <summary>The unit a marker line starts, or null when it is no unit-start marker.</summary>
    public static string? UnitStartedBy(string line)
    {
        if (!AgentLogMarkers.IsMarker(line))
        {
            return null;
        }
        try
        {
            using var doc = JsonDocument.Parse(line);
            return Str(doc.RootElement, "type") == AgentLogMarkers.UnitStart ? Str(doc.RootElement, "unitId") : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private List<string> Event(JsonElement e)
    {
        var type = Str(e, "type");
        return type switch
        {
            AgentLogMarkers.UnitStart => UnitStart(e),
            AgentLogMarkers.UnitEnd => UnitEnd(e),
            "system" => Str(e, "subtype") switch
            {
                "init" => [$"[{_speaker} started{With("model", Str(e, "model"))}{With("session", Str(e, "session_id"))}]"],
                "permission_denied" => [$"  !! {Str(e, "tool_name") ?? "tool"} denied: {Str(e, "message")}"],
                _ => [],
            },
            "assistant" => Assistant(e),
            "user" => ToolResults(e),
            "result" => [Result(e)],
            "thread.started" => [$"[{_speaker} started{With("thread", Str(e, "thread_id"))}]"],
            "item.started" or "item.completed" => CodexItem(e, type == "item.completed"),
            "turn.completed" => [],
            "turn.failed" => [$"error: {(e.TryGetProperty("error", out var err) ? Str(err, "message") : null) ?? "turn failed"}"],
            "error" => [$"error: {Str(e, "message") ?? "the agent reported an error"}"],
            _ => [],
        };
    }

    private List<string> UnitStart(JsonElement e)
    {
        CurrentUnit = Str(e, "unitId");
        _speaker = Str(e, "agent") is { Length: > 0 } agent && agent is not ("command" or "sim") ? agent : "agent";
        _tools.Clear();
        var attempt = e.TryGetProperty("attempt", out var a) && a.TryGetInt32(out var n) ? n : 1;
        return [string.Empty, $"=== {Time(e)} {Str(e, "unitType")} {CurrentUnit} (try {attempt}, {Str(e, "agent") ?? "agent"}) ==="];
    }

    private static List<string> UnitEnd(JsonElement e)
    {
        var cost = e.TryGetProperty("cost", out var c) && c.TryGetDecimal(out var d) ? d : 0m;
        var estimated = e.TryGetProperty("costEstimated", out var est) && est.ValueKind == JsonValueKind.True ? " (estimated)" : string.Empty;
        var lines = new List<string> { $"=== {Time(e)} {Str(e, "unitId")}: {Str(e, "outcome")}, {Money(cost)}{estimated} ===" };
        if (Str(e, "failure") is { Length: > 0 } failure)
        {
            lines.AddRange(Indent(Lines(failure, 6), "    "));
        }
        return lines;
    }

    private List<string> Assistant(JsonElement e)
    {
        var lines = new List<string>();
        if (!e.TryGetProperty("message", out var message) || !message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array)
        {
            return lines;
        }
        // A sub-agent's messages carry the id of the tool call that started it.
        var who = Str(e, "parent_tool_use_id") is { Length: > 0 } ? $"{_speaker} (sub-agent)" : _speaker;
        foreach (var block in content.EnumerateArray())
        {
            switch (Str(block, "type"))
            {
                case "text" when Str(block, "text") is { Length: > 0 } text:
                    var said = Lines(text, int.MaxValue);
                    lines.Add($"{who}: {said[0]}");
                    lines.AddRange(Indent(said.Skip(1), new string(' ', who.Length + 2)));
                    break;
                case "tool_use":
                    var name = Str(block, "name") ?? "tool";
                    if (Str(block, "id") is { } id)
                    {
                        _tools[id] = name;
                    }
                    lines.Add($"  -> {ToolActivity.Describe(name, block.TryGetProperty("input", out var input) ? input : (JsonElement?)null)}");
                    break;
                default:
                    break;
            }
        }
        return lines;
    }

    private List<string> ToolResults(JsonElement e)
    {
        var lines = new List<string>();
        if (!e.TryGetProperty("message", out var message) || !message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array)
        {
            return lines;
        }
        foreach (var block in content.EnumerateArray().Where(b => Str(b, "type") == "tool_result"))
        {
            var tool = Str(block, "tool_use_id") is { } id && _tools.TryGetValue(id, out var name) ? name : "tool";
            var failed = block.TryGetProperty("is_error", out var err) && err.ValueKind == JsonValueKind.True;
            var text = ResultText(block);
            var shown = Lines(text, ResultLines);
            lines.Add($"  <- {tool} {(failed ? "failed" : "ok")}{(shown[0].Length == 0 ? string.Empty : ": " + shown[0])}");
            lines.AddRange(Indent(shown.Skip(1), "       "));
        }
        return lines;
    }

    private static string ResultText(JsonElement block)
    {
        if (!block.TryGetProperty("content", out var content))
        {
            return string.Empty;
        }
        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString() ?? string.Empty;
        }
        if (content.ValueKind == JsonValueKind.Array)
        {
            return string.Join('\n', content.EnumerateArray().Select(c => Str(c, "text")).OfType<string>());
        }
        return string.Empty;
    }

    private string Result(JsonElement e)
    {
        var subtype = Str(e, "subtype") ?? "done";
        var failed = e.TryGetProperty("is_error", out var err) && err.ValueKind == JsonValueKind.True;
        var cost = e.TryGetProperty("total_cost_usd", out var c) && c.TryGetDecimal(out var d) ? $", {Money(d)}" : string.Empty;
        var turns = e.TryGetProperty("num_turns", out var t) && t.TryGetInt32(out var n) ? $", {n} turns" : string.Empty;
        var ms = e.TryGetProperty("duration_ms", out var dur) && dur.TryGetDouble(out var v) ? string.Create(CultureInfo.InvariantCulture, $", {v / 1000:0.#} s") : string.Empty;
        var why = failed && Str(e, "result") is { Length: > 0 } text ? $": {Lines(text, 1)[0]}" : string.Empty;
        return $"[{_speaker} finished: {(failed ? "error " : string.Empty)}{subtype}{cost}{turns}{ms}{why}]";
    }

    private List<string> CodexItem(JsonElement e, bool completed)
    {
        if (!e.TryGetProperty("item", out var item))
        {
            return [];
        }
        switch (Str(item, "type"))
        {
            case "agent_message" when completed:
                var said = Lines(Str(item, "text") ?? string.Empty, int.MaxValue);
                return [$"{_speaker}: {said[0]}", .. Indent(said.Skip(1), new string(' ', _speaker.Length + 2))];
            case "command_execution" when !completed:
                return [$"  -> {ToolActivity.Describe("shell", item)}"];
            case "command_execution":
                var exit = item.TryGetProperty("exit_code", out var x) && x.TryGetInt32(out var code) ? code : (int?)null;
                var shown = Lines(Str(item, "aggregated_output") ?? string.Empty, ResultLines);
                var status = exit is null or 0 ? "ok" : $"exit {exit}";
                return [$"  <- shell {status}{(shown[0].Length == 0 ? string.Empty : ": " + shown[0])}", .. Indent(shown.Skip(1), "       ")];
            case "file_change" when completed:
                var paths = item.TryGetProperty("changes", out var changes) && changes.ValueKind == JsonValueKind.Array
                    ? changes.EnumerateArray().Select(ch => $"{Str(ch, "kind") ?? "edit"} {Str(ch, "path")}").ToList()
                    : [];
                return [$"  -> edit: {string.Join(", ", paths)}"];
            case "mcp_tool_call" when !completed:
                return [$"  -> mcp: {Str(item, "server")}/{Str(item, "tool")}"];
            case "web_search" when !completed:
                return [$"  -> {ToolActivity.Describe("web search", item)}"];
            case "error":
                return [$"error: {Str(item, "message")}"];
            default:
                return [];
        }
    }

    /// <summary>Up to <paramref name="max"/> lines of <paramref name="text"/>, with a count of what was left out.</summary>
    private static List<string> Lines(string text, int max)
    {
        var all = text.Trim().ReplaceLineEndings("\n").Split('\n');
        if (all.Length <= max)
        {
            return [.. all];
        }
        return [.. all.Take(max), $"… ({all.Length - max} more lines)"];
    }

    private static IEnumerable<string> Indent(IEnumerable<string> lines, string by) => lines.Select(l => by + l);

    private static string With(string what, string? value) => value is { Length: > 0 } ? $", {what} {value}" : string.Empty;

    private static string Time(JsonElement e) =>
        e.TryGetProperty("time", out var t) && t.TryGetDateTimeOffset(out var time) ? time.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture) : "--:--:--";

    private static string Money(decimal amount) => "$" + amount.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string? Str(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
