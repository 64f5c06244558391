using System.Text.Json;

namespace Gsd.Tests.Support.AnthropicStandIn;

/// <summary>
/// A loopback stand-in for the Anthropic Messages API (BCL only), so the real Claude Code CLI runs
/// offline: <c>ANTHROPIC_BASE_URL=</c><see cref="BaseUrl"/>. A <c>POST /v1/messages</c> whose
/// conversation holds N assistant turns gets scripted reply N (a JSON message, or an SSE stream when
/// the request asks for one) — so a request the CLI retries gets the same answer again;
/// <c>count_tokens</c>, HEAD and anything else get a harmless answer and are recorded, so a test
/// that fails can print <see cref="Describe"/> to show what the CLI asked for.
/// </summary>
public sealed class AnthropicStandIn : IDisposable
{
    private readonly LoopbackListener _listener;
    private readonly IReadOnlyList<StandInReply> _script;
    private readonly Func<string, StandInReply>? _respond;
    private readonly HashSet<int> _served = [];
    private readonly Dictionary<string, int> _answered = new(StringComparer.Ordinal);
    private int _next;
    private readonly Lock _lock = new();

    private AnthropicStandIn(IEnumerable<StandInReply> script, Func<string, StandInReply>? respond)
    {
        _script = [.. script];
        _respond = respond;
        _listener = LoopbackListener.Start(Answer, "request-id");
    }

    /// <summary>http://127.0.0.1:PORT (no trailing slash), the value for ANTHROPIC_BASE_URL.</summary>
    public string BaseUrl => _listener.Root;

    public IReadOnlyList<RecordedRequest> Requests => _listener.Requests;

    /// <summary>The Messages API requests that were answered from the script, in order.</summary>
    public IReadOnlyList<RecordedRequest> MessageRequests =>
        [.. Requests.Where(r => r.Answer.StartsWith("scripted", StringComparison.Ordinal))];

    /// <summary>Scripted replies never served.</summary>
    public int RemainingReplies
    {
        get
        {
            lock (_lock)
            {
                return _script.Count - _served.Count;
            }
        }
    }

    /// <summary>Starts listening on a free loopback port.</summary>
    public static AnthropicStandIn Start(params StandInReply[] script) => new(script, null);

    /// <summary>
    /// Starts a stand-in that answers each Messages API request with <paramref name="respond"/>(request body), for runs
    /// (several workers at once) whose requests arrive in no fixed order.
    /// </summary>
    public static AnthropicStandIn Responding(Func<string, StandInReply> respond) => new([], respond);

    /// <summary>Every request received, for assertion messages.</summary>
    public string Describe() => _listener.Describe(BaseUrl, RemainingReplies);

    public void Dispose() => _listener.Dispose();

    private LoopbackAnswer Answer(string method, string path, string body)
    {
        try
        {
            return Reply(method, path, body);
        }
        catch (Exception ex)
        {
            return new LoopbackAnswer(500, "application/json", ErrorJson("api_error", "stand-in failed: " + ex.Message), "500 " + ex.Message);
        }
    }

    private LoopbackAnswer Reply(string method, string path, string body)
    {
        if (method == "POST" && path == "/v1/messages/count_tokens")
        {
            return new LoopbackAnswer(200, "application/json", "{\"input_tokens\":1000}", "count_tokens");
        }
        if (method == "POST" && path == "/v1/messages")
        {
            return AnswerMessage(body);
        }
        if (method == "HEAD")
        {
            return new LoopbackAnswer(200, "application/json", "", "unexpected: HEAD answered 200");
        }
        if (method == "GET" && path == "/v1/models")
        {
            return new LoopbackAnswer(200, "application/json", "{\"data\":[],\"has_more\":false,\"first_id\":null,\"last_id\":null}", "unexpected: empty model list");
        }
        // Telemetry and anything else: accept it so the CLI is not slowed by retries.
        return new LoopbackAnswer(200, "application/json", "{}", "unexpected: answered {}");
    }

    private LoopbackAnswer AnswerMessage(string body)
    {
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        var model = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "claude-stand-in";
        var stream = root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        // The reply follows the conversation state, not the arrival count: a retried request (same messages) is answered alike.
        var conversation = root.TryGetProperty("messages", out var msgs) ? msgs.GetRawText() : string.Empty;
        StandInReply reply;
        string note;
        int turn;
        lock (_lock)
        {
            (reply, note, turn) = _respond is not null ? Responded(body) : Scripted(conversation);
        }
        if (reply is ErrorReply error)
        {
            return new LoopbackAnswer(error.Status, "application/json", ErrorJson(error.ErrorType, error.Message), note);
        }
        var n = turn + 1;
        var messageId = $"msg_standin_{n:D4}";
        var toolUseId = $"toolu_standin_{n:D4}";
        return stream
            ? new LoopbackAnswer(200, "text/event-stream", MessagesStream.Sse(reply, model, messageId, toolUseId), note + " (sse)")
            : new LoopbackAnswer(200, "application/json", MessagesStream.Json(reply, model, messageId, toolUseId), note + " (json)");
    }

    /// <summary>Called under the lock.</summary>
    private (StandInReply Reply, string Note, int Turn) Responded(string body)
    {
        var turn = _next++;
        var reply = _respond!(body);
        return (reply, $"scripted by the responder #{turn + 1}: {Summary(reply)}", turn);
    }

    /// <summary>Called under the lock. An error is served once: the same request again (from the CLI or a gsd retry) goes on with the script.</summary>
    private (StandInReply Reply, string Note, int Turn) Scripted(string conversation)
    {
        if (!_answered.TryGetValue(conversation, out var turn) || (turn < _script.Count && _script[turn] is ErrorReply && _served.Contains(turn)))
        {
            turn = _next++;
            _answered[conversation] = turn;
        }
        if (turn < _script.Count)
        {
            var reply = _script[turn];
            return (reply, $"scripted #{turn + 1}{(_served.Add(turn) ? "" : " (again)")}: {Summary(reply)}", turn);
        }
        return (new TextReply("(stand-in: the script has no more replies)"), $"unexpected: script exhausted at reply {turn + 1}, answered text", turn);
    }

    private static string Summary(StandInReply reply) => reply switch
    {
        ToolUseReply t => $"tool_use {t.ToolName} {t.InputJson}",
        TextReply t => $"text \"{t.Text}\"",
        ErrorReply e => $"HTTP {e.Status} {e.ErrorType} \"{e.Message}\"",
        _ => reply.ToString(),
    };

    private static string ErrorJson(string type, string message) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["type"] = "error",
            ["error"] = new Dictionary<string, string> { ["type"] = type, ["message"] = message },
        });
}
