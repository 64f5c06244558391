using System.Text.Json;

namespace Gsd.Agents;

/// <summary>
/// Live activity from <c>codex exec --json</c>: the item events (<c>command_execution</c>, <c>file_change</c>,
/// <c>mcp_tool_call</c>, <c>web_search</c>, <c>reasoning</c>, <c>agent_message</c>) and the tokens of each
/// <c>turn.completed</c>. Codex states no cost, so the cost stays what an event reported, else 0.
/// </summary>
public sealed class CodexEventReader : AgentEventReader
{
    public CodexEventReader(Action<AgentProgress>? changed = null)
        : base(changed)
    {
    }

    private protected override AgentProgress Read(JsonElement e, AgentProgress now)
    {
        if ((JsonValues.Decimal(e, "total_cost_usd") ?? JsonValues.Decimal(e, "cost_usd")) is { } cost)
        {
            now = now with { Cost = cost };
        }
        switch (JsonValues.String(e, "type"))
        {
            case "thread.started":
                return now with { Activity = now.Activity ?? "starting" };
            case "turn.started":
                return now with { Activity = "thinking" };
            case "turn.completed":
                return JsonValues.Object(e, "usage") is { } usage
                    ? now with { Tokens = now.Tokens.Add(CodexEventParser.FromOpenAiUsage(usage)) }
                    : now;
            case "item.started" or "item.updated" or "item.completed" when JsonValues.Object(e, "item") is { } item:
                return ItemActivity(item, JsonValues.String(e, "type") == "item.completed") is { } activity ? now with { Activity = Short(activity) } : now;
            default:
                return now;
        }
    }

    private static string? ItemActivity(JsonElement item, bool completed)
    {
        switch (JsonValues.String(item, "type"))
        {
            case "command_execution":
                return completed ? "thinking" : ToolActivity.Describe("shell", item);
            case "file_change":
                var paths = item.TryGetProperty("changes", out var changes) && changes.ValueKind == JsonValueKind.Array
                    ? changes.EnumerateArray().Select(c => JsonValues.String(c, "path")).OfType<string>().ToList()
                    : [];
                return paths.Count == 0 ? "edit" : $"edit: {string.Join(", ", paths)}";
            case "mcp_tool_call":
                return $"mcp: {JsonValues.String(item, "server")}/{JsonValues.String(item, "tool")}";
            case "web_search":
                return ToolActivity.Describe("web search", item);
            case "reasoning":
                return "thinking";
            case "agent_message":
                return "writing: " + (JsonValues.String(item, "text") ?? string.Empty);
            case "todo_list":
                return "updating its plan";
            default:
                return null;
        }
    }
}
