using System.Net;
using System.Text;
using System.Text.Json;
using Gsd.Layout;
using Gsd.Rendering;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gsd.Dashboard;

/// <summary>
/// <c>gsd dashboard</c>'s web server (ARCHITECTURE §12): the embedded page, <c>GET /api/status</c> (the
/// <c>gsd parallel status --json</c> document), <c>GET /api/events</c> (server-sent events), <c>GET /api/logs/MID</c>
/// and the POST controls. Kestrel through the slim builder, handlers as plain request delegates: no reflection, so
/// it survives Native AOT.
/// </summary>
public sealed class DashboardServer : IServingDashboard
{
    /// <summary>How much of a worker's log the page gets (its tail).</summary>
    private const int LogTailBytes = 256 * 1024;

    private readonly WebApplication _app;
    private readonly DashboardFeed _feed;

    private DashboardServer(WebApplication app, DashboardFeed feed, string url)
    {
        _app = app;
        _feed = feed;
        Url = url;
    }

    public string Url { get; }

    /// <param name="refresh">How often the files are re-read without a change notification (heartbeat ages tick at this rate).</param>
    public static async Task<DashboardServer> StartAsync(string projectRoot, DashboardOptions options, TimeSpan refresh, CancellationToken ct)
    {
        var address = options.Checked().Address();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = projectRoot, EnvironmentName = Environments.Production });
        // Nothing from appsettings.json or ASPNETCORE_* may add endpoints or log lines: this server is only what gsd says.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.UseKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(address, options.Port);
        });
        var app = builder.Build();
        var project = new DashboardProject(projectRoot);
        var feed = new DashboardFeed(project, refresh);
        Map(app, project, feed, new RequestGuard(options, IPAddress.IsLoopback(address)));
        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            await feed.DisposeAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            throw new GsdException($"Cannot listen on {options.Host}:{options.Port}: {ex.Message} Pick another with --port (0 picks a free one).");
        }
        var port = new Uri(app.Urls.First()).Port;
        var host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !options.Host.StartsWith('[') ? $"[{options.Host}]" : options.Host;
        var url = $"http://{host}:{port}/" + (options.Token is null ? string.Empty : $"?token={options.Token}");
        return new DashboardServer(app, feed, url);
    }

    public async ValueTask DisposeAsync()
    {
        // Open event streams end first, so the server's shutdown does not wait on them.
        await _feed.DisposeAsync().ConfigureAwait(false);
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static void Map(WebApplication app, DashboardProject project, DashboardFeed feed, RequestGuard guard)
    {
        var actions = new DashboardActions(project);
        app.Use(async (ctx, next) =>
        {
            var headers = ctx.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
            headers.CacheControl = "no-store";
            if (guard.RefuseRead(ctx.Request) is { } why)
            {
                await ErrorAsync(ctx, StatusCodes.Status403Forbidden, why).ConfigureAwait(false);
                return;
            }
            await next(ctx).ConfigureAwait(false);
        });
        foreach (var (path, (resource, contentType)) in DashboardAssets.Files)
        {
            var bytes = DashboardAssets.Read(resource);
            app.MapGet(path, (RequestDelegate)(ctx =>
            {
                ctx.Response.ContentType = contentType;
                return ctx.Response.Body.WriteAsync(bytes, ctx.RequestAborted).AsTask();
            }));
        }
        app.MapGet("/api/status", (RequestDelegate)(ctx => StatusAsync(ctx, project)));
        app.MapGet("/api/events", (RequestDelegate)(ctx => StreamAsync(ctx, feed)));
        app.MapGet("/api/logs/{id}", (RequestDelegate)(ctx => LogAsync(ctx, project)));
        foreach (var signal in new[] { Protocol.Signals.Pause, Protocol.Signals.Resume, Protocol.Signals.Stop })
        {
            app.MapPost("/api/" + signal, Control(guard, feed, (id, _) => Task.FromResult(actions.Signal(signal, id))));
        }
        app.MapPost("/api/merge", Control(guard, feed, actions.MergeAsync));
        app.MapPost("/api/start", Control(guard, feed, (_, ct) => actions.StartAsync(ct)));
    }

    private static RequestDelegate Control(RequestGuard guard, DashboardFeed feed, Func<string?, CancellationToken, Task<ActionAnswer>> act) =>
        ctx => ControlAsync(ctx, guard, feed, act);

    private static Task StatusAsync(HttpContext ctx, DashboardProject project) => Guarded(ctx, () =>
    {
        var all = ctx.Request.Query["all"].ToString() is "1" or "true";
        return Task.FromResult(new ActionAnswer(StatusCodes.Status200OK, project.StatusJson(all)));
    });

    private static async Task ControlAsync(HttpContext ctx, RequestGuard guard, DashboardFeed feed, Func<string?, CancellationToken, Task<ActionAnswer>> act)
    {
        if (guard.RefuseWrite(ctx.Request) is { } why)
        {
            await ErrorAsync(ctx, StatusCodes.Status403Forbidden, why).ConfigureAwait(false);
            return;
        }
        await Guarded(ctx, async () =>
        {
            var id = await ReadMilestoneAsync(ctx).ConfigureAwait(false);
            var answer = await act(id, ctx.RequestAborted).ConfigureAwait(false);
            feed.Wake();
            return answer;
        }).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="produce"/>; a GsdException is the command's error (400 for usage, 409 otherwise), never a stack trace.</summary>
    private static async Task Guarded(HttpContext ctx, Func<Task<ActionAnswer>> produce)
    {
        ActionAnswer answer;
        try
        {
            answer = await produce().ConfigureAwait(false);
        }
        catch (GsdException ex)
        {
            await ErrorAsync(ctx, ex.ExitCode == ExitCodes.Usage ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict, ex.Message).ConfigureAwait(false);
            return;
        }
        ctx.Response.StatusCode = answer.Status;
        ctx.Response.ContentType = "application/json; charset=utf-8";
        await ctx.Response.WriteAsync(answer.Json + "\n", ctx.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The optional body <c>{"milestoneId": "M002"}</c> (or query <c>milestoneId</c>); null: every one.</summary>
    private static async Task<string?> ReadMilestoneAsync(HttpContext ctx)
    {
        var query = ctx.Request.Query["milestoneId"].ToString();
        using var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(ctx.RequestAborted).ConfigureAwait(false);
        string? id = query.Length > 0 ? query : null;
        if (body.Trim().Length > 0)
        {
            try
            {
                using var doc = JsonDocument.Parse(body);
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new JsonException();
                }
                if (doc.RootElement.TryGetProperty("milestoneId", out var value) && value.ValueKind != JsonValueKind.Null)
                {
                    id = value.ValueKind == JsonValueKind.String ? value.GetString() : throw new JsonException();
                }
            }
            catch (JsonException)
            {
                throw new GsdException("Request body: expected nothing or {\"milestoneId\": \"M002\"}.", ExitCodes.Usage);
            }
        }
        return id is null ? null : MilestoneId.Require(id);
    }

    private static async Task StreamAsync(HttpContext ctx, DashboardFeed feed)
    {
        ctx.Response.ContentType = "text/event-stream";
        ctx.Response.Headers["X-Accel-Buffering"] = "no";
        var (id, reader) = feed.Subscribe();
        try
        {
            await ctx.Response.WriteAsync("retry: 2000\n\n", ctx.RequestAborted).ConfigureAwait(false);
            await ctx.Response.Body.FlushAsync(ctx.RequestAborted).ConfigureAwait(false);
            await foreach (var message in reader.ReadAllAsync(ctx.RequestAborted).ConfigureAwait(false))
            {
                await ctx.Response.WriteAsync(message, ctx.RequestAborted).ConfigureAwait(false);
                await ctx.Response.Body.FlushAsync(ctx.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The page went away.
        }
        catch (IOException)
        {
        }
        finally
        {
            feed.Unsubscribe(id);
        }
    }

    /// <summary>The tail of a worker's log (.gsd/parallel/MID.log: the worker's output and its agents'), as text.</summary>
    private static async Task LogAsync(HttpContext ctx, DashboardProject project)
    {
        var id = ctx.Request.RouteValues["id"]?.ToString() ?? string.Empty;
        if (!MilestoneId.IsValid(id))
        {
            await ErrorAsync(ctx, StatusCodes.Status400BadRequest, $"'{id}' is not a milestone id (M###).").ConfigureAwait(false);
            return;
        }
        // The agent transcript (what `gsd parallel logs` prints) when the agent log exists, else the worker's own output.
        var agentLog = project.Paths.AgentLogFile(id);
        var path = File.Exists(agentLog) ? agentLog : project.Paths.LogFile(id);
        byte[] tail;
        try
        {
            tail = await TailAsync(path, ctx.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            await ErrorAsync(ctx, StatusCodes.Status404NotFound, $"{id} has no log yet ({path}).").ConfigureAwait(false);
            return;
        }
        ctx.Response.ContentType = "text/plain; charset=utf-8";
        if (path == agentLog)
        {
            var lines = Encoding.UTF8.GetString(tail).Split('\n');
            // The tail may start mid-line: the first line is whole only when the file was read from its start.
            var transcript = new AgentTranscript();
            var text = string.Join('\n', lines.Skip(tail.Length < LogTailBytes ? 0 : 1).Where(l => l.Length > 0).SelectMany(transcript.Render));
            await ctx.Response.WriteAsync(text + "\n", ctx.RequestAborted).ConfigureAwait(false);
            return;
        }
        await ctx.Response.Body.WriteAsync(tail, ctx.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The last <see cref="LogTailBytes"/> of a file another process may be appending to.</summary>
    private static async Task<byte[]> TailAsync(string path, CancellationToken ct)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var start = Math.Max(0, stream.Length - LogTailBytes);
        stream.Position = start;
        var tail = new byte[stream.Length - start];
        await stream.ReadExactlyAsync(tail, ct).ConfigureAwait(false);
        return tail;
    }

    private static Task ErrorAsync(HttpContext ctx, int status, string message)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json; charset=utf-8";
        return ctx.Response.WriteAsync(DashboardProject.Object(w => w.WriteString("error", message)) + "\n", ctx.RequestAborted);
    }
}
