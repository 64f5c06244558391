using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Gsd.Tests.Support;

/// <summary>
/// Headless Chromium (Debian's <c>chromium</c>, installed by scripts/browser.sh) driven over the DevTools protocol on
/// a WebSocket: one page, JavaScript evaluated in it, screenshots. No Selenium or Playwright: the browser is the
/// system's, the protocol is plain JSON.
/// </summary>
public sealed partial class HeadlessChromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempDir _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _reader;
    private int _nextId;
    private string? _session;

    private HeadlessChromium(Process process, TempDir profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>The browser on PATH, or null (the caller skips, saying why).</summary>
    public static string? Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':'))
        {
            foreach (var name in new[] { "chromium", "chromium-browser" })
            {
                var path = Path.Combine(dir, name);
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }
        return null;
    }

    /// <summary>Starts the browser and opens one page at <paramref name="url"/>.</summary>
    public static async Task<HeadlessChromium> OpenAsync(string binary, string url, int width = 1280, int height = 1000)
    {
        var profile = new TempDir("gsd-chromium");
        var psi = new ProcessStartInfo(binary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--remote-debugging-port=0", $"--user-data-dir={profile.Path}", $"--window-size={width},{height}", "about:blank",
        })
        {
            psi.ArgumentList.Add(arg);
        }
        var process = Process.Start(psi)!;
        var endpoint = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                endpoint.TrySetException(new InvalidOperationException($"chromium exited before it listened:\n{stderr}"));
                return;
            }
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }
            if (DevToolsLine().Match(e.Data) is { Success: true } m)
            {
                endpoint.TrySetResult(m.Groups[1].Value);
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var browser = new HeadlessChromium(process, profile);
        try
        {
            var ws = await endpoint.Task.WaitAsync(TimeSpan.FromMinutes(1));
            await browser._socket.ConnectAsync(new Uri(ws), CancellationToken.None);
            browser._reader = Task.Run(browser.ReadLoopAsync);
            var target = await browser.SendAsync("Target.createTarget", new JsonObject { ["url"] = url });
            var attached = await browser.SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target.GetProperty("targetId").GetString(), ["flatten"] = true });
            browser._session = attached.GetProperty("sessionId").GetString();
            await browser.SendAsync("Runtime.enable", new JsonObject());
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>Evaluates <paramref name="expression"/> in the page (promises awaited); its value as JSON.</summary>
    public async Task<JsonElement> EvalAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        if (result.TryGetProperty("exceptionDetails", out var error))
        {
            throw new InvalidOperationException($"page script failed: {expression}\n{error}");
        }
        return result.GetProperty("result").TryGetProperty("value", out var value) ? value.Clone() : default;
    }

    /// <summary>Waits until <paramref name="expression"/> is truthy in the page; fails with <paramref name="what"/> and the page's text after <paramref name="limit"/>.</summary>
    public async Task WaitForAsync(string expression, string what, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            // Before the page has loaded (or rendered) an element may be missing: that is "not yet", not an error.
            var value = await EvalAsync($"(() => {{ try {{ return !!({expression}); }} catch {{ return false; }} }})()");
            if (value.ValueKind == JsonValueKind.True)
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                var text = await EvalAsync("document.body.innerText");
                throw new ShouldAssertException($"the page never showed {what}; it reads:\n{text}");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>A PNG of the page as the browser renders it.</summary>
    public async Task<byte[]> ScreenshotAsync()
    {
        var shot = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true });
        return Convert.FromBase64String(shot.GetProperty("data").GetString()!);
    }

    private async Task<JsonElement> SendAsync(string method, JsonObject parameters)
    {
        var id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        if (_session is not null)
        {
            message["sessionId"] = _session;
        }
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        return await reply.Task.WaitAsync(TimeSpan.FromMinutes(1));
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var r = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (r.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
                message.Write(buffer, 0, r.Count);
                if (!r.EndOfMessage)
                {
                    continue;
                }
                using var doc = JsonDocument.Parse(message.ToArray());
                message.SetLength(0);
                if (doc.RootElement.TryGetProperty("id", out var id) && _pending.TryRemove(id.GetInt32(), out var reply))
                {
                    if (doc.RootElement.TryGetProperty("error", out var error))
                    {
                        reply.TrySetException(new InvalidOperationException($"DevTools error: {error}"));
                    }
                    else
                    {
                        reply.TrySetResult(doc.RootElement.GetProperty("result").Clone());
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException)
        {
        }
        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(new InvalidOperationException("the DevTools connection closed"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Abort();
        _socket.Dispose();
        if (_reader is not null)
        {
            await _reader;
        }
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _profile.Dispose();
        _stop.Dispose();
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex DevToolsLine();
}
