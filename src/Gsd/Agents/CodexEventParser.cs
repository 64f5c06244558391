using System.Text.Json;

namespace Gsd.Agents;

/// <summary>
/// Reads the JSONL events of <c>codex exec --json</c>: <c>thread.started</c> (thread id),
/// <c>turn.completed</c> (usage, summed over turns), <c>turn.failed</c> / <c>error</c>, and the last
/// <c>agent_message</c> item. Older CLIs wrapped events as <c>{"msg":{"type":"token_count",…}}</c>;
/// those are read too. Codex prints no price, and gsd keeps no price table (models and prices change under it): the cost
/// is 0 and <see cref="AgentReport.CostUnknown"/> unless an event carries one (ARCHITECTURE §5).
/// <c>item.completed</c> items of type <c>error</c> are warnings (e.g. unknown model metadata) within a turn that goes
/// on; only <c>turn.failed</c> and a top-level <c>error</c> not followed by a completed turn make the run an error.
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
        return new AgentReport(state.Cost, tokens, state.Model, state.SessionId, state.Error is not null, state.Error, state.LastMessage)
        {
            CostUnknown = !state.CostReported,
        };
    }

    /// <summary>
    /// OpenAI counts cached (and, since codex 0.16x, cache-write) tokens inside input_tokens; gsd keeps the parts disjoint
    /// (see <see cref="TokenUsage"/>). Reasoning tokens are part of output_tokens and stay there.
    /// </summary>
    internal static TokenUsage FromOpenAiUsage(JsonElement usage)
    {
        var input = JsonValues.Long(usage, "input_tokens");
        var cached = JsonValues.Long(usage, "cached_input_tokens");
        var written = JsonValues.Long(usage, "cache_write_input_tokens");
        return new TokenUsage(Math.Max(0, input - cached - written), JsonValues.Long(usage, "output_tokens"), cached, written);
    }

    private sealed class State
    {
        public TokenUsage? TurnTokens { get; private set; }

        public TokenUsage? LegacyTokens { get; private set; }

        public decimal Cost { get; private set; }

        public bool CostReported { get; private set; }

        public string? Model { get; private set; }

        public string? SessionId { get; private set; }

        public string? Error { get; private set; }

        public string? LastMessage { get; private set; }

        public void Read(JsonElement e)
        {
            if ((JsonValues.Decimal(e, "total_cost_usd") ?? JsonValues.Decimal(e, "cost_usd")) is { } cost)
            {
                Cost = cost;
                CostReported = true;
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
