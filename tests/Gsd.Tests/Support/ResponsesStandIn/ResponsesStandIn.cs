using System.Text.Json;

namespace Gsd.Tests.Support.ResponsesStandIn;

/// <summary>
/// A loopback stand-in for the OpenAI Responses API (BCL only), so the real Codex CLI runs offline through a custom
/// model provider whose <c>base_url</c> is <see cref="BaseUrl"/> (see <see cref="CodexCli.Home"/>). A
/// <c>POST /v1/responses</c> whose <c>input</c> holds N earlier model turns gets scripted reply N as an SSE stream — so a
/// request codex retries gets the same answer again; anything else gets a harmless answer and is recorded, so a test
/// that fails can print <see cref="Describe"/> to show what the CLI asked for.
/// </summary>
public sealed class ResponsesStandIn : IDisposable
{
    private readonly LoopbackListener _listener;
    private readonly IReadOnlyList<ResponsesReply> _script;
    private readonly HashSet<int> _served = [];
    private readonly Dictionary<string, int> _answered = new(StringComparer.Ordinal);
    private int _next;
    private readonly Lock _lock = new();

    private ResponsesStandIn(IEnumerable<ResponsesReply> script)
    {
        _script = [.. script];
        _listener = LoopbackListener.Start(Answer, "x-request-id");
    }

    /// <summary>http://127.0.0.1:PORT/v1, the provider's <c>base_url</c>.</summary>
    public string BaseUrl => _listener.Root + "/v1";

    public IReadOnlyList<RecordedRequest> Requests => _listener.Requests;

    /// <summary>The Responses API requests that were answered from the script, in order.</summary>
    public IReadOnlyList<RecordedRequest> ModelRequests =>
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
    public static ResponsesStandIn Start(params ResponsesReply[] script) => new(script);

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
            return new LoopbackAnswer(500, "application/json", """{"error":{"type":"server_error","message":"stand-in failed"}}""", "500 " + ex.Message);
        }
    }

    private LoopbackAnswer Reply(string method, string path, string body)
    {
        if (method == "POST" && path == "/v1/responses")
        {
            return AnswerResponse(body);
        }
        if (method == "GET" && path == "/v1/models")
        {
            return new LoopbackAnswer(200, "application/json", """{"object":"list","data":[],"models":[]}""", "unexpected: empty model list");
        }
        // Anything else: accept it so the CLI is not slowed by retries.
        return new LoopbackAnswer(200, "application/json", "{}", "unexpected: answered {}");
    }

    private LoopbackAnswer AnswerResponse(string body)
    {
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        var model = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "standin-model";
        // The reply follows the conversation, not the arrival count: a retried request (same input) is answered alike.
        var conversation = root.TryGetProperty("input", out var input) ? input.GetRawText() : string.Empty;
        ResponsesReply reply;
        string note;
        int turn;
        lock (_lock)
        {
            if (!_answered.TryGetValue(conversation, out turn))
            {
                turn = _next++;
                _answered[conversation] = turn;
            }
            if (turn < _script.Count)
            {
                reply = _script[turn];
                note = $"scripted #{turn + 1}{(_served.Add(turn) ? "" : " (again)")}: {Summary(reply)}";
            }
            else
            {
                reply = new MessageReply("(stand-in: the script has no more replies)");
                note = $"unexpected: script exhausted at reply {turn + 1}, answered text";
            }
        }
        var n = turn + 1;
        return new LoopbackAnswer(200, "text/event-stream", ResponsesStream.Sse(reply, model, $"resp_standin_{n:D4}", $"call_standin_{n:D4}"), note);
    }

    private static string Summary(ResponsesReply reply) => reply switch
    {
        ExecCommandReply e => $"exec_command {e.Cmd}",
        MessageReply t => $"message \"{t.Text}\"",
        FailedReply f => $"response.failed {f.Code}: {f.Message}",
        _ => reply.ToString(),
    };
}
