using System.Text.Json;

namespace Gsd.Agents;

/// <summary>
/// Claude Code's <c>--output-format stream-json --verbose</c> events: <c>system</c> (init: model), <c>assistant</c> (the
/// model's text and tool calls, with <c>message.usage</c>), <c>user</c> (tool results) and the final <c>result</c>. Until the
/// result states the cost, the cost is estimated from the tokens (<see cref="ModelPrices"/>).
/// </summary>
public sealed class ClaudeEventReader : AgentEventReader
{
    /// <summary>Per message id: one message's content blocks arrive as separate events, each with its usage so far.</summary>
    private readonly Dictionary<string, TokenUsage> _usage = new(StringComparer.Ordinal);
    private TokenUsage _anonymous = TokenUsage.Zero;
    private bool _reported;

    public ClaudeEventReader(Action<AgentProgress>? changed = null)
        : base(changed)
    {
    }

    private protected override AgentProgress Read(JsonElement e, AgentProgress now)
    {
        if (_reported)
        {
            return now;
        }
        switch (JsonValues.String(e, "type"))
        {
            case "system" when JsonValues.String(e, "subtype") == "init":
                return now with { Activity = now.Activity ?? "starting", Model = JsonValues.String(e, "model") ?? now.Model };
            case "assistant" when JsonValues.Object(e, "message") is { } message:
            {
                var model = JsonValues.String(message, "model") is { Length: > 0 } m && m != "<synthetic>" ? m : now.Model;
                if (JsonValues.Object(message, "usage") is { } usage)
                {
                    var tokens = new TokenUsage(
                        JsonValues.Long(usage, "input_tokens"),
                        JsonValues.Long(usage, "output_tokens"),
                        JsonValues.Long(usage, "cache_read_input_tokens"),
                        JsonValues.Long(usage, "cache_creation_input_tokens"));
                    if (JsonValues.String(message, "id") is { Length: > 0 } id)
                    {
                        _usage[id] = _usage.TryGetValue(id, out var seen) ? Max(seen, tokens) : tokens;
                    }
                    else
                    {
                        _anonymous = _anonymous.Add(tokens);
                    }
                }
                var total = _usage.Values.Aggregate(_anonymous, (sum, t) => sum.Add(t));
                return now with
                {
                    Activity = LastActivity(message) ?? now.Activity,
                    Model = model,
                    Tokens = total,
                    Cost = ModelPrices.Estimate(model, total),
                    CostEstimated = true,
                };
            }
            case "user":
                // A tool result went back: the model is working on its next step.
                return now with { Activity = "thinking" };
            case "result":
            {
                _reported = true;
                var report = ClaudeResultParser.Read(e);
                return now with { Activity = null, Tokens = report.Tokens, Cost = report.Cost, CostEstimated = false, Model = report.Model ?? now.Model };
            }
            default:
                return now;
        }
    }

    private static TokenUsage Max(TokenUsage a, TokenUsage b) =>
        new(Math.Max(a.Input, b.Input), Math.Max(a.Output, b.Output), Math.Max(a.CacheRead, b.CacheRead), Math.Max(a.CacheWrite, b.CacheWrite));

    /// <summary>The message's last content block as an activity: its tool call, else that it is thinking or writing.</summary>
    private static string? LastActivity(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        string? activity = null;
        foreach (var block in content.EnumerateArray())
        {
            activity = JsonValues.String(block, "type") switch
            {
                "tool_use" => ToolActivity.Describe(JsonValues.String(block, "name") ?? "tool", JsonValues.Object(block, "input")),
                "thinking" or "redacted_thinking" => "thinking",
                "text" => "writing: " + Short(JsonValues.String(block, "text") ?? string.Empty, 80),
                _ => activity,
            };
        }
        return activity is null ? null : Short(activity);
    }
}
