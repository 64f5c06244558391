using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Gsd.Dashboard;

/// <summary>
/// The server side of <c>GET /api/events</c> (ARCHITECTURE §12): watches .gsd/parallel/ (a FileSystemWatcher, plus a
/// re-read every <c>interval</c> so heartbeat ages tick and a missed notification costs at most that long) and pushes to
/// every open page the snapshot when it changed and each new line of events.ndjson. The page never polls.
/// </summary>
internal sealed class DashboardFeed : IAsyncDisposable
{
    /// <summary>Event lines a page gets when it connects (the newest).</summary>
    private const int Backlog = 200;

    private readonly DashboardProject _project;
    private readonly TimeSpan _interval;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentDictionary<int, Channel<string>> _subscribers = new();
    private readonly Queue<string> _recentEvents = new();
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private FileSystemWatcher? _watcher;
    private string? _snapshot;
    private long _eventsOffset;
    private int _nextId;

    public DashboardFeed(DashboardProject project, TimeSpan interval)
    {
        _project = project;
        _interval = interval;
        Refresh();
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>A new page: it gets the current snapshot and the recent events at once, then every change.</summary>
    public (int Id, ChannelReader<string> Reader) Subscribe()
    {
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_lock)
        {
            if (_snapshot is not null)
            {
                channel.Writer.TryWrite(Message("snapshot", _snapshot));
            }
            if (_recentEvents.Count > 0)
            {
                channel.Writer.TryWrite(Message("events", "[" + string.Join(',', _recentEvents) + "]"));
            }
            var id = ++_nextId;
            _subscribers[id] = channel;
            return (id, channel.Reader);
        }
    }

    public void Unsubscribe(int id)
    {
        if (_subscribers.TryRemove(id, out var channel))
        {
            channel.Writer.TryComplete();
        }
    }

    /// <summary>Something changed (a control ran): re-read now rather than at the next tick.</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _watcher?.Dispose();
        foreach (var id in _subscribers.Keys)
        {
            Unsubscribe(id);
        }
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                wait.CancelAfter(_interval);
                try
                {
                    await _wake.Reader.ReadAsync(wait.Token).ConfigureAwait(false);
                    // A worker writes several files in a row: let them land, then read once.
                    await Task.Delay(100, ct).ConfigureAwait(false);
                    _wake.Reader.TryRead(out _);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                }
            }
            Refresh();
        }
    }

    private void Refresh()
    {
        EnsureWatcher();
        var snapshot = _project.SnapshotJson();
        var events = ReadNewEvents();
        lock (_lock)
        {
            if (snapshot != _snapshot)
            {
                _snapshot = snapshot;
                Broadcast(Message("snapshot", snapshot));
            }
            if (events.Count > 0)
            {
                foreach (var e in events)
                {
                    _recentEvents.Enqueue(e);
                    if (_recentEvents.Count > Backlog)
                    {
                        _recentEvents.Dequeue();
                    }
                }
                Broadcast(Message("events", "[" + string.Join(',', events) + "]"));
            }
        }
    }

    private void Broadcast(string message)
    {
        foreach (var channel in _subscribers.Values)
        {
            channel.Writer.TryWrite(message);
        }
    }

    /// <summary>Complete lines appended to events.ndjson since the last read (from the start, the first time); a torn or corrupt line is skipped.</summary>
    private List<string> ReadNewEvents()
    {
        var lines = new List<string>();
        var file = _project.Paths.EventsFile;
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length < _eventsOffset)
            {
                _eventsOffset = 0;
            }
            stream.Position = _eventsOffset;
            var bytes = new byte[stream.Length - _eventsOffset];
            stream.ReadExactly(bytes);
            var end = Array.LastIndexOf(bytes, (byte)'\n');
            if (end < 0)
            {
                return lines;
            }
            _eventsOffset += end + 1;
            foreach (var line in Encoding.UTF8.GetString(bytes, 0, end).Split('\n'))
            {
                if (IsJsonObject(line))
                {
                    lines.Add(line.Trim());
                }
            }
        }
        catch (IOException)
        {
            // No events yet (or the file is being replaced): nothing new.
        }
        catch (UnauthorizedAccessException)
        {
        }
        return lines;
    }

    private static bool IsJsonObject(string line)
    {
        if (line.Trim().Length == 0)
        {
            return false;
        }
        try
        {
            using var doc = JsonDocument.Parse(line);
            return doc.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The watcher on .gsd/parallel/, made once the directory exists (a project may not have run yet).</summary>
    private void EnsureWatcher()
    {
        if (_watcher is not null || !Directory.Exists(_project.Paths.Directory))
        {
            return;
        }
        try
        {
            var watcher = new FileSystemWatcher(_project.Paths.Directory)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            watcher.Changed += (_, _) => Wake();
            watcher.Created += (_, _) => Wake();
            watcher.Deleted += (_, _) => Wake();
            watcher.Renamed += (_, _) => Wake();
            watcher.EnableRaisingEvents = true;
            _watcher = watcher;
        }
        catch (IOException)
        {
            // Out of inotify watches: the timer alone keeps the page current.
        }
    }

    private static string Message(string kind, string data) => $"event: {kind}\ndata: {data}\n\n";
}
