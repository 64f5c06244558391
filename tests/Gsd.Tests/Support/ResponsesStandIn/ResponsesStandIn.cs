using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Gsd.Tests.Support.AnthropicStandIn;

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
    private readonly HttpListener _listener;
    private readonly IReadOnlyList<ResponsesReply> _script;
    private readonly HashSet<int> _served = [];
    private readonly Dictionary<string, int> _answered = new(StringComparer.Ordinal);
    private int _next;
    private readonly List<RecordedRequest> _requests = [];
    private readonly Lock _lock = new();
    private readonly Task _loop;

    private ResponsesStandIn(HttpListener listener, string baseUrl, IEnumerable<ResponsesReply> script)
    {
        _listener = listener;
        BaseUrl = baseUrl;
        _script = [.. script];
        _loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>http://127.0.0.1:PORT/v1, the provider's <c>base_url</c>.</summary>
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
    public static ResponsesStandIn Start(params ResponsesReply[] script)
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            var root = $"http://127.0.0.1:{port}";
            var listener = new HttpListener();
            listener.Prefixes.Add(root + "/");
            try
            {
                listener.Start();
                return new ResponsesStandIn(listener, root + "/v1", script);
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
            // As in AnthropicStandIn: Close can fail when another listener bound the port since Stop released it.
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
        try
        {
            body = await ReadBodyAsync(request);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or HttpListenerException)
        {
            body = "(unreadable: " + ex.Message + ")";
        }
        var path = request.Url?.AbsolutePath ?? "/";
        Answer answer;
        try
        {
            answer = Reply(request.HttpMethod, path, body);
        }
        catch (Exception ex)
        {
            answer = new Answer(500, "application/json", """{"error":{"type":"server_error","message":"stand-in failed"}}""", "500 " + ex.Message);
        }
        // Recorded before answering, so whatever the CLI did after this reply is seen by the test.
        lock (_lock)
        {
            _requests.Add(new RecordedRequest(request.HttpMethod, request.Url?.PathAndQuery ?? "/", body, answer.Note));
        }
        Write(context.Response, answer);
    }

    private static async Task<string> ReadBodyAsync(HttpListenerRequest request)
    {
        Stream input = request.InputStream;
        input = request.Headers["Content-Encoding"]?.Trim().ToLowerInvariant() switch
        {
            "gzip" => new GZipStream(input, CompressionMode.Decompress),
            "br" => new BrotliStream(input, CompressionMode.Decompress),
            "deflate" => new ZLibStream(input, CompressionMode.Decompress),
            _ => input,
        };
        using var reader = new StreamReader(input, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    private Answer Reply(string method, string path, string body)
    {
        if (method == "POST" && path == "/v1/responses")
        {
            return AnswerResponse(body);
        }
        if (method == "GET" && path == "/v1/models")
        {
            return new Answer(200, "application/json", """{"object":"list","data":[],"models":[]}""", "unexpected: empty model list");
        }
        // Anything else: accept it so the CLI is not slowed by retries.
        return new Answer(200, "application/json", "{}", "unexpected: answered {}");
    }

    private Answer AnswerResponse(string body)
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
        return new Answer(200, "text/event-stream", ResponsesStream.Sse(reply, model, $"resp_standin_{n:D4}", $"call_standin_{n:D4}"), note);
    }

    private static string Summary(ResponsesReply reply) => reply switch
    {
        ExecCommandReply e => $"exec_command {e.Cmd}",
        MessageReply t => $"message \"{t.Text}\"",
        FailedReply f => $"response.failed {f.Code}: {f.Message}",
        _ => reply.ToString(),
    };

    private static void Write(HttpListenerResponse response, Answer answer)
    {
        var bytes = Encoding.UTF8.GetBytes(answer.Body);
        response.StatusCode = answer.Status;
        response.ContentType = answer.ContentType;
        response.Headers["x-request-id"] = "req_standin";
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

    private sealed record Answer(int Status, string ContentType, string Body, string Note);
}
