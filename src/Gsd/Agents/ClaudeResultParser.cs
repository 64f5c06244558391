using System.Text.Json;

namespace Gsd.Agents;

/// <summary>
/// Reads the result Claude Code prints with <c>--output-format json</c> — also the shape the
/// <c>command</c> and <c>sim</c> agents may print: <c>total_cost_usd</c> (or <c>cost_usd</c>),
/// <c>usage</c>, <c>session_id</c>, <c>is_error</c>, <c>subtype</c>, <c>result</c>, <c>modelUsage</c>. With
/// <c>--output-format stream-json</c> the report is the last <c>result</c> event among the stream's lines.
/// </summary>
public static class ClaudeResultParser
{
    /// <summary>The report in <paramref name="stdout"/> — the whole of it, its last <c>result</c> event, or its last non-empty line, being a JSON object — else null.</summary>
    public static AgentReport? Parse(string stdout)
    {
        using var doc = FindResult(stdout);
        if (doc is null)
        {
            return null;
        }
        var root = doc.RootElement;
        if (root.ValueKind == JsonValueKind.Array)
        {
            // --verbose prints every message as an array; the result is the last "result" entry.
            var result = root.EnumerateArray().LastOrDefault(e => JsonValues.String(e, "type") == "result");
            return result.ValueKind == JsonValueKind.Object ? Read(result) : null;
        }
        return Read(root);
    }

    private static JsonDocument? FindResult(string stdout)
    {
        var trimmed = stdout.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }
        if (trimmed[0] is '{' or '[' && JsonValues.TryParse(trimmed) is { } whole)
        {
            if (whole.RootElement.ValueKind is JsonValueKind.Array
                || (whole.RootElement.ValueKind is JsonValueKind.Object && !IsStreamEvent(JsonValues.String(whole.RootElement, "type"))))
            {
                return whole;
            }
            // A stream of one event (stopped after its first line) has no result either.
            var single = whole.RootElement.ValueKind is JsonValueKind.Object;
            whole.Dispose();
            if (single)
            {
                return null;
            }
        }
        // One JSON object a line: Claude Code's stream-json ends with its "result" event, anything else with its report.
        var inStream = false;
        foreach (var line in trimmed.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Reverse())
        {
            var doc = line[0] == '{' ? JsonValues.TryParse(line) : null;
            if (doc is null || doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                doc?.Dispose();
                if (!inStream)
                {
                    return null;
                }
                continue;
            }
            var type = JsonValues.String(doc.RootElement, "type");
            if (type == "result" || (!inStream && !IsStreamEvent(type)))
            {
                return doc;
            }
            inStream = true;
            doc.Dispose();
        }
        // A stream without its result (the agent was stopped first): no report.
        return null;
    }

    private static bool IsStreamEvent(string? type) => type is "system" or "assistant" or "user" or "stream_event";

    internal static AgentReport Read(JsonElement result)
    {
        var cost = JsonValues.Decimal(result, "total_cost_usd") ?? JsonValues.Decimal(result, "cost_usd") ?? 0m;
        var usage = JsonValues.Object(result, "usage");
        var tokens = usage is { } u
            ? new TokenUsage(
                JsonValues.Long(u, "input_tokens"),
                JsonValues.Long(u, "output_tokens"),
                JsonValues.Long(u, "cache_read_input_tokens"),
                JsonValues.Long(u, "cache_creation_input_tokens"))
            : TokenUsage.Zero;
        var subtype = JsonValues.String(result, "subtype");
        var text = JsonValues.String(result, "result");
        var isError = JsonValues.Bool(result, "is_error") == true || (subtype is not null && subtype != "success");
        string? errorText = null;
        if (isError)
        {
            errorText = (subtype, string.IsNullOrWhiteSpace(text)) switch
            {
                (not null and not "success", false) => $"{subtype}: {text}",
                (not null and not "success", true) => subtype,
                (_, false) => text,
                _ => "the agent reported an error",
            };
        }
        return new AgentReport(cost, tokens, ReadModel(result), JsonValues.String(result, "session_id"), isError, errorText, text)
        {
            ApiErrorStatus = JsonValues.Long(result, "api_error_status") is var status and > 0 and < 1000 ? (int)status : (int?)null,
            ApiErrorType = JsonValues.String(result, "api_error_type"),
            PermissionDenials = ReadDenials(result)?.AsReadOnly() ?? (IReadOnlyList<string>)[],
        };
    }

    /// <summary><c>permission_denials</c>: [{tool_name, tool_input}] as "Bash: npm test" (the command, path or input shown).</summary>
    private static List<string>? ReadDenials(JsonElement result)
    {
        if (!result.TryGetProperty("permission_denials", out var denials) || denials.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        List<string> list = [];
        foreach (var d in denials.EnumerateArray().Where(d => d.ValueKind == JsonValueKind.Object))
        {
            var tool = JsonValues.String(d, "tool_name") ?? "a tool";
            var input = JsonValues.Object(d, "tool_input");
            var what = input is { } i
                ? JsonValues.String(i, "command") ?? JsonValues.String(i, "file_path") ?? JsonValues.String(i, "path") ?? JsonValues.String(i, "url") ?? i.GetRawText()
                : null;
            list.Add(what is null ? tool : $"{tool}: {what}");
        }
        return list.Count == 0 ? null : list;
    }

    /// <summary>"model" when given, else the <c>modelUsage</c> entry that cost the most (the main model, not a helper one).</summary>
    private static string? ReadModel(JsonElement result)
    {
        if (JsonValues.String(result, "model") is { Length: > 0 } model)
        {
            return model;
        }
        if (JsonValues.Object(result, "modelUsage") is not { } usage)
        {
            return null;
        }
        string? best = null;
        decimal bestCost = -1;
        foreach (var entry in usage.EnumerateObject())
        {
            var entryCost = JsonValues.Decimal(entry.Value, "costUSD") ?? 0m;
            if (entryCost > bestCost)
            {
                best = entry.Name;
                bestCost = entryCost;
            }
        }
        return best;
    }
}
