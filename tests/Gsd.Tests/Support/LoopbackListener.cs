using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gsd.Tests.Support;

/// <summary>What a stand-in answers one request with; <paramref name="Note"/> is how it is recorded.</summary>
public sealed record LoopbackAnswer(int Status, string ContentType, string Body, string Note);

/// <summary>
/// The HTTP plumbing of the loopback stand-ins for model APIs (BCL only): binds a free 127.0.0.1 port (another one when
/// a process takes it between probing and binding), reads each request's body (gzip, br or deflate decoded), asks the
/// stand-in for the answer, records the request with it before answering (so whatever the CLI did after a reply is seen
/// by the test), and writes the answer with a request id header.
/// </summary>
public sealed class LoopbackListener : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<string, string, string, LoopbackAnswer> _answer;
    private readonly string _requestIdHeader;
    private readonly List<RecordedRequest> _requests = [];
    private readonly Lock _lock = new();
    private readonly Task _loop;

    private LoopbackListener(HttpListener listener, string root, Func<string, string, string, LoopbackAnswer> answer, string requestIdHeader)
    {
        _listener = listener;
        Root = root;
        _answer = answer;
        _requestIdHeader = requestIdHeader;
        _loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>http://127.0.0.1:PORT, no trailing slash.</summary>
    public string Root { get; }

    /// <summary>Every request received, in order, with the note of its answer.</summary>
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

    /// <summary>
    /// Starts listening. <paramref name="answer"/>(method, path, body) must not throw: a stand-in answers its own failures
    /// in its API's error shape. <paramref name="requestIdHeader"/> is the header its CLI reads a request id from.
    /// </summary>
    public static LoopbackListener Start(Func<string, string, string, LoopbackAnswer> answer, string requestIdHeader)
    {
        for (var attempt = 0; ; attempt++)
        {
            var root = $"http://127.0.0.1:{FreePort()}";
            var listener = new HttpListener();
            listener.Prefixes.Add(root + "/");
            try
            {
                listener.Start();
                return new LoopbackListener(listener, root, answer, requestIdHeader);
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                // Another process took the port between probing and binding: try another.
                listener.Close();
            }
        }
    }

    /// <summary>Every request received, for assertion messages.</summary>
    public string Describe(string baseUrl, int remainingReplies)
    {
        var requests = Requests;
        var lines = requests.Select((r, i) => $"  {i + 1}. {r}");
        return $"stand-in at {baseUrl} received {requests.Count} request(s), {remainingReplies} scripted repl(ies) unused:\n{string.Join('\n', lines)}";
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
        try
        {
            body = await ReadBodyAsync(request);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or HttpListenerException)
        {
            body = "(unreadable: " + ex.Message + ")";
        }
        var answer = _answer(request.HttpMethod, request.Url?.AbsolutePath ?? "/", body);
        lock (_lock)
        {
            _requests.Add(new RecordedRequest(request.HttpMethod, request.Url?.PathAndQuery ?? "/", body, answer.Note));
        }
        Write(context.Response, answer);
    }

    private static async Task<string> ReadBodyAsync(HttpListenerRequest request)
    {
        var input = request.Headers["Content-Encoding"]?.Trim().ToLowerInvariant() switch
        {
            "gzip" => new GZipStream(request.InputStream, CompressionMode.Decompress),
            "br" => new BrotliStream(request.InputStream, CompressionMode.Decompress),
            "deflate" => new ZLibStream(request.InputStream, CompressionMode.Decompress),
            _ => request.InputStream,
        };
        using var reader = new StreamReader(input, request.ContentEncoding ?? Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    private void Write(HttpListenerResponse response, LoopbackAnswer answer)
    {
        var bytes = Encoding.UTF8.GetBytes(answer.Body);
        response.StatusCode = answer.Status;
        response.ContentType = answer.ContentType;
        response.Headers[_requestIdHeader] = "req_standin";
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
