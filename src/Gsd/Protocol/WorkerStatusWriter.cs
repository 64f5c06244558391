using Gsd.IO;

namespace Gsd.Protocol;

/// <summary>
/// The worker's side of <c>&lt;MID&gt;.status.json</c>: rewritten on every change and on a timer (heartbeat), also while
/// an agent runs, so the coordinator can tell a busy worker from a dead one.
/// </summary>
public sealed class WorkerStatusWriter : IAsyncDisposable
{
    private readonly string _path;
    private readonly TimeProvider _clock;
    private readonly TextWriter _warnings;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _timer;
    private readonly TimeSpan _interval;
    private WorkerStatus _status;
    private DateTimeOffset _lastWrite;

    /// <param name="warnings">Where a failed write is reported (the worker's stderr).</param>
    public WorkerStatusWriter(string path, WorkerStatus initial, TimeSpan interval, TimeProvider clock, TextWriter warnings)
    {
        _path = path;
        _clock = clock;
        _warnings = warnings;
        _status = initial;
        _interval = interval;
        Write();
        // Made here, not in the task: the first beat is one interval after this write, whenever the task gets to run.
        var beat = new PeriodicTimer(interval, clock);
        _timer = Task.Run(() => BeatAsync(beat, _stop.Token));
    }

    public WorkerStatus Current
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    /// <summary>
    /// Applies a change that may come many times a second (an agent's live activity): written at once when the file was
    /// last written at least <see cref="QuietSpacing"/> ago, else by the next write or heartbeat.
    /// </summary>
    public void UpdateSoon(Func<WorkerStatus, WorkerStatus> change)
    {
        lock (_gate)
        {
            _status = change(_status);
            if (_clock.GetUtcNow() - _lastWrite >= QuietSpacing)
            {
                Write();
            }
        }
    }

    /// <summary>The least time between two writes for <see cref="UpdateSoon"/>: the heartbeat, at most half a second.</summary>
    private TimeSpan QuietSpacing => _interval < TimeSpan.FromMilliseconds(500) ? _interval : TimeSpan.FromMilliseconds(500);

    /// <summary>Applies a change and writes the file at once.</summary>
    public void Update(Func<WorkerStatus, WorkerStatus> change)
    {
        lock (_gate)
        {
            _status = change(_status);
            Write();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _timer.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private async Task BeatAsync(PeriodicTimer timer, CancellationToken ct)
    {
        using var owned = timer;
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            lock (_gate)
            {
                Write();
            }
        }
    }

    // Caller holds _gate: one writer at a time, each write a complete file.
    private void Write()
    {
        _lastWrite = _clock.GetUtcNow();
        _status = _status with { LastHeartbeat = _lastWrite };
        try
        {
            JsonFile.Write(_path, _status, GsdJsonContext.Default.WorkerStatus);
        }
        catch (IOException ex)
        {
            // A missed heartbeat is retried on the next tick; the worker's work must not stop for it.
            _warnings.WriteLine($"gsd: could not write {_path}: {ex.Message}");
        }
    }
}
