using Gsd.Protocol;

namespace Gsd.Auto;

/// <summary>
/// A parallel worker's view of its signal file. Polled between units and, while a unit runs, on a short timer:
/// a stop cancels the running unit at once (its work is saved as interrupted); a pause or resume that arrives
/// mid-unit is remembered and takes effect when the unit is done ("pause = finish the unit, then wait").
/// </summary>
internal sealed class SignalWatch(SignalInbox inbox, Action<WorkerSignal> handled)
{
    private readonly Lock _gate = new();
    private bool _pausePending;
    private WorkerSignal? _stop;

    public bool PausePending
    {
        get
        {
            lock (_gate)
            {
                return _pausePending;
            }
        }
    }

    /// <summary>The stop signal received, if any; once set it stays set.</summary>
    public WorkerSignal? StopSignal
    {
        get
        {
            lock (_gate)
            {
                return _stop;
            }
        }
    }

    /// <summary>Reads the file once; a new signal updates the pending state and is reported to <c>handled</c>.</summary>
    public WorkerSignal? Poll()
    {
        WorkerSignal? signal;
        lock (_gate)
        {
            signal = inbox.Poll();
            if (signal is null)
            {
                return null;
            }
            switch (signal.Signal)
            {
                case Signals.Pause:
                    _pausePending = true;
                    break;
                case Signals.Resume:
                    _pausePending = false;
                    break;
                case Signals.Stop:
                    _stop ??= signal;
                    break;
            }
        }
        handled(signal);
        return signal;
    }

    /// <summary>Polls until <paramref name="until"/> is cancelled; a stop cancels <paramref name="unit"/>.</summary>
    public async Task WatchAsync(CancellationTokenSource unit, TimeSpan interval, TimeProvider clock, CancellationToken until)
    {
        while (!until.IsCancellationRequested)
        {
            Poll();
            if (StopSignal is not null)
            {
                await unit.CancelAsync().ConfigureAwait(false);
                return;
            }
            try
            {
                await Task.Delay(interval, clock, until).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
