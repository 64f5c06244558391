using System.Text.Json;

namespace Gsd.Agents;

/// <summary>
/// Reads the JSONL events of <c>codex exec --json</c>: <c>thread.started</c> (thread id),
/// <c>turn.completed</c> (usage, summed over turns), <c>turn.failed</c> / <c>error</c>, and the last
/// <c>agent_message</c> item. Older CLIs wrapped events as <c>{"msg":{"type":"token_count",…}}</c>;
/// those are read too. Codex reports no cost: it is 0 unless an event carries one.
/// </summary>
public static class CodexEventParser
{
    public static AgentReport Parse(string stdout)
    {
        var state = new State();
        foreach (var raw in stdout.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] != '{')
            {
                continue;
            }
            using var doc = JsonValues.TryParse(line);
            if (doc is null || doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            state.Read(doc.RootElement);
        }
        var tokens = state.TurnTokens ?? state.LegacyTokens ?? TokenUsage.Zero;
        return new AgentReport(state.Cost, tokens, state.Model, state.SessionId, state.Error is not null, state.Error, state.LastMessage);
    }

    /// <summary>OpenAI counts cached tokens inside input_tokens; gsd keeps the parts disjoint (see <see cref="TokenUsage"/>).</summary>
    internal static TokenUsage FromOpenAiUsage(JsonElement usage)
    {
        var input = JsonValues.Long(usage, "input_tokens");
        var cached = JsonValues.Long(usage, "cached_input_tokens");
        return new TokenUsage(Math.Max(0, input - cached), JsonValues.Long(usage, "output_tokens"), cached, 0);
    }

    private sealed class State
    {
        public TokenUsage? TurnTokens { get; private set; }

        public TokenUsage? LegacyTokens { get; private set; }

        public decimal Cost { get; private set; }

        public string? Model { get; private set; }

        public string? SessionId { get; private set; }

        public string? Error { get; private set; }

        public string? LastMessage { get; private set; }

        public void Read(JsonElement e)
        {
            if ((JsonValues.Decimal(e, "total_cost_usd") ?? JsonValues.Decimal(e, "cost_usd")) is { } cost)
            {
                Cost = cost;
            }
            if (JsonValues.String(e, "model") is { Length: > 0 } model)
            {
                Model = model;
            }
            switch (JsonValues.String(e, "type"))
            {
                case "thread.started":
                    SessionId = JsonValues.String(e, "thread_id") ?? SessionId;
                    break;
                case "turn.completed":
                    if (JsonValues.Object(e, "usage") is { } usage)
                    {
                        TurnTokens = (TurnTokens ?? TokenUsage.Zero).Add(FromOpenAiUsage(usage));
                    }
                    // A turn that completed after a reported error recovered from it.
                    Error = null;
                    break;
                case "turn.failed":
                    Error = JsonValues.Object(e, "error") is { } err ? JsonValues.String(err, "message") ?? "turn failed" : "turn failed";
                    break;
                case "error":
                    Error = JsonValues.String(e, "message") ?? "codex reported an error";
                    break;
                case "item.completed":
                    if (JsonValues.Object(e, "item") is { } item && JsonValues.String(item, "type") == "agent_message")
                    {
                        LastMessage = JsonValues.String(item, "text") ?? LastMessage;
                    }
                    break;
                default:
                    if ((JsonValues.Object(e, "msg") ?? JsonValues.Object(e, "payload")) is { } msg)
                    {
                        ReadLegacy(msg);
                    }
                    break;
            }
        }

        private void ReadLegacy(JsonElement msg)
        {
            switch (JsonValues.String(msg, "type"))
            {
                case "session_configured":
                    SessionId = JsonValues.String(msg, "session_id") ?? SessionId;
                    Model = JsonValues.String(msg, "model") ?? Model;
                    break;
                case "token_count":
                    // Cumulative for the session: the last one wins.
                    var info = JsonValues.Object(msg, "info");
                    var total = info is { } i ? JsonValues.Object(i, "total_token_usage") : null;
                    LegacyTokens = FromOpenAiUsage(total ?? msg);
                    break;
                case "task_complete":
                    LastMessage = JsonValues.String(msg, "last_agent_message") ?? LastMessage;
                    break;
                case "error":
                    Error = JsonValues.String(msg, "message") ?? "codex reported an error";
                    break;
                default:
                    break;
            }
        }
    }
}
