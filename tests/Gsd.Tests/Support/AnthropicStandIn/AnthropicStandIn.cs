using System.Net.Sockets;
using System.Net;
using System.Text.Json;
using System.Text;

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
    private readonly HttpListener _listener;
    private readonly IReadOnlyList<StandInReply> _script;
    private readonly Func<string, StandInReply>? _respond;
    private readonly HashSet<int> _served = [];
    private readonly Dictionary<string, int> _answered = new(StringComparer.Ordinal);
    private int _next;
    private readonly List<RecordedRequest> _requests = [];
    private readonly Lock _lock = new();
    private readonly Task _loop;

    private AnthropicStandIn(HttpListener listener, string baseUrl, IEnumerable<StandInReply> script, Func<string, StandInReply>? respond = null)
    {
        _listener = listener;
        BaseUrl = baseUrl;
        _script = [.. script];
        _respond = respond;
        _loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>http://127.0.0.1:PORT (no trailing slash), the value for ANTHROPIC_BASE_URL.</summary>
    public string BaseUrl { get; }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

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
    public static AnthropicStandIn Start(params StandInReply[] script) => Start(script, null);

    /// <summary>
    /// Starts a stand-in that answers each Messages API request with <paramref name="respond"/>(request body), for runs
    /// (several workers at once) whose requests arrive in no fixed order.
    /// </summary>
    public static AnthropicStandIn Responding(Func<string, StandInReply> respond) => Start([], respond);

    private static AnthropicStandIn Start(StandInReply[] script, Func<string, StandInReply>? respond)
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            var baseUrl = $"http://127.0.0.1:{port}";
            var listener = new HttpListener();
            listener.Prefixes.Add(baseUrl + "/");
            try
            {
                listener.Start();
                return new AnthropicStandIn(listener, baseUrl, script, respond);
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                // Another process took the port between probing and binding: try another.
                listener.Close();
            }
        }
    }

    /// <summary>Every request received, for assertion messages.</summary>
    public string Describe()
    {
        var lines = Requests.Select((r, i) => $"  {i + 1}. {r}");
        return $"stand-in at {BaseUrl} received {Requests.Count} request(s), {RemainingReplies} scripted repl(ies) unused:\n{string.Join('\n', lines)}";
    }

    public void Dispose()
    {
        try
        {
            _listener.Stop();
        }
        catch (ObjectDisposedException)
        {
        }
        try
        {
            _listener.Close();
        }
        catch (HttpListenerException)
        {
            // The managed listener looks its port up again to remove the prefix, and fails when another test's listener
            // has bound that port since Stop released it. Nothing of ours is left listening either way.
        }
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task AcceptLoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.InputStream, request.ContentEncoding ?? Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync();
        }
        var path = request.Url?.AbsolutePath ?? "/";
        StandInResponse response;
        try
        {
            response = Answer(request.HttpMethod, path, body);
        }
        catch (Exception ex)
        {
            response = new StandInResponse(500, "application/json", ErrorJson("api_error", "stand-in failed: " + ex.Message), "500 " + ex.Message);
        }
        // Recorded before answering, so whatever the CLI did after this reply is seen by the test.
        lock (_lock)
        {
            _requests.Add(new RecordedRequest(request.HttpMethod, request.Url?.PathAndQuery ?? "/", body, response.Note));
        }
        Write(context.Response, response);
    }

    private StandInResponse Answer(string method, string path, string body)
    {
        if (method == "POST" && path == "/v1/messages/count_tokens")
        {
            return new StandInResponse(200, "application/json", "{\"input_tokens\":1000}", "count_tokens");
        }
        if (method == "POST" && path == "/v1/messages")
        {
            return AnswerMessage(body);
        }
        if (method == "HEAD")
        {
            return new StandInResponse(200, "application/json", "", "unexpected: HEAD answered 200");
        }
        if (method == "GET" && path == "/v1/models")
        {
            return new StandInResponse(200, "application/json", "{\"data\":[],\"has_more\":false,\"first_id\":null,\"last_id\":null}", "unexpected: empty model list");
        }
        // Telemetry and anything else: accept it so the CLI is not slowed by retries.
        return new StandInResponse(200, "application/json", "{}", "unexpected: answered {}");
    }

    private StandInResponse AnswerMessage(string body)
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
            return new StandInResponse(error.Status, "application/json", ErrorJson(error.ErrorType, error.Message), note);
        }
        var n = turn + 1;
        var messageId = $"msg_standin_{n:D4}";
        var toolUseId = $"toolu_standin_{n:D4}";
        return stream
            ? new StandInResponse(200, "text/event-stream", MessagesStream.Sse(reply, model, messageId, toolUseId), note + " (sse)")
            : new StandInResponse(200, "application/json", MessagesStream.Json(reply, model, messageId, toolUseId), note + " (json)");
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

    private static void Write(HttpListenerResponse response, StandInResponse answer)
    {
        var bytes = Encoding.UTF8.GetBytes(answer.Body);
        response.StatusCode = answer.Status;
        response.ContentType = answer.ContentType;
        response.Headers["request-id"] = "req_standin";
        response.ContentLength64 = bytes.Length;
        try
        {
            response.OutputStream.Write(bytes);
            response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client went away; nothing to answer.
        }
    }

    private sealed record StandInResponse(int Status, string ContentType, string Body, string Note);
}
