using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Gsd.Tests.Support.AnthropicStandIn;

/// <summary>
/// A loopback stand-in for the Anthropic Messages API (BCL only), so the real Claude Code CLI runs
/// offline: <c>ANTHROPIC_BASE_URL=</c><see cref="BaseUrl"/>. Each <c>POST /v1/messages</c> gets the
/// next scripted reply (a JSON message, or an SSE stream when the request asks for one);
/// <c>count_tokens</c>, HEAD and anything else get a harmless answer and are recorded, so a test
/// that fails can print <see cref="Describe"/> to show what the CLI asked for.
/// </summary>
public sealed class AnthropicStandIn : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Queue<StandInReply> _script;
    private readonly List<RecordedRequest> _requests = [];
    private readonly Lock _lock = new();
    private readonly Task _loop;
    private int _messageCount;

    private AnthropicStandIn(HttpListener listener, string baseUrl, IEnumerable<StandInReply> script)
    {
        _listener = listener;
        BaseUrl = baseUrl;
        _script = new Queue<StandInReply>(script);
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

    /// <summary>Scripted replies not yet used.</summary>
    public int RemainingReplies
    {
        get
        {
            lock (_lock)
            {
                return _script.Count;
            }
        }
    }

    /// <summary>Starts listening on a free loopback port.</summary>
    public static AnthropicStandIn Start(params StandInReply[] script)
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
                return new AnthropicStandIn(listener, baseUrl, script);
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
        _listener.Close();
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
        var response = context.Response;
        string body;
        using (var reader = new StreamReader(request.InputStream, request.ContentEncoding ?? Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync();
        }
        var path = request.Url?.AbsolutePath ?? "/";
        var pathAndQuery = request.Url?.PathAndQuery ?? "/";
        string answer;
        try
        {
            answer = Answer(request.HttpMethod, path, body, response);
        }
        catch (Exception ex)
        {
            answer = "500 " + ex.Message;
            Write(response, 500, "application/json", ErrorJson("api_error", "stand-in failed: " + ex.Message));
        }
        lock (_lock)
        {
            _requests.Add(new RecordedRequest(request.HttpMethod, pathAndQuery, body, answer));
        }
    }

    private string Answer(string method, string path, string body, HttpListenerResponse response)
    {
        if (method == "POST" && path == "/v1/messages/count_tokens")
        {
            Write(response, 200, "application/json", "{\"input_tokens\":1000}");
            return "count_tokens";
        }
        if (method == "POST" && path == "/v1/messages")
        {
            return AnswerMessage(body, response);
        }
        if (method == "HEAD")
        {
            Write(response, 200, "application/json", "");
            return "unexpected: HEAD answered 200";
        }
        if (method == "GET" && path == "/v1/models")
        {
            Write(response, 200, "application/json", "{\"data\":[],\"has_more\":false,\"first_id\":null,\"last_id\":null}");
            return "unexpected: empty model list";
        }
        // Telemetry and anything else: accept it so the CLI is not slowed by retries.
        Write(response, 200, "application/json", "{}");
        return "unexpected: answered {}";
    }

    private string AnswerMessage(string body, HttpListenerResponse response)
    {
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        var model = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "claude-stand-in";
        var stream = root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        StandInReply reply;
        string answer;
        int n;
        lock (_lock)
        {
            n = ++_messageCount;
            if (_script.TryDequeue(out var next))
            {
                reply = next;
                answer = $"scripted #{n}: {Summary(next)}";
            }
            else
            {
                reply = new TextReply("(stand-in: the script has no more replies)");
                answer = $"unexpected: script exhausted, answered text #{n}";
            }
        }
        var messageId = $"msg_standin_{n:D4}";
        var toolUseId = $"toolu_standin_{n:D4}";
        if (stream)
        {
            Write(response, 200, "text/event-stream", MessagesStream.Sse(reply, model, messageId, toolUseId));
        }
        else
        {
            Write(response, 200, "application/json", MessagesStream.Json(reply, model, messageId, toolUseId));
        }
        return answer + (stream ? " (sse)" : " (json)");
    }

    private static string Summary(StandInReply reply) => reply switch
    {
        ToolUseReply t => $"tool_use {t.ToolName} {t.InputJson}",
        TextReply t => $"text \"{t.Text}\"",
        _ => reply.ToString(),
    };

    private static string ErrorJson(string type, string message) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["type"] = "error",
            ["error"] = new Dictionary<string, string> { ["type"] = type, ["message"] = message },
        });

    private static void Write(HttpListenerResponse response, int status, string contentType, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        response.StatusCode = status;
        response.ContentType = contentType;
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
}
