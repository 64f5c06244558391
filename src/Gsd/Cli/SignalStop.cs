using System.Runtime.InteropServices;

namespace Gsd.Cli;

/// <summary>
/// For one invocation of a command that ends cleanly when its token is cancelled (worker, coordinator, dashboards):
/// SIGTERM and SIGINT cancel the token instead of killing the process. A second signal, once stopping, kills as usual.
/// Commands that do not stop gracefully never create one, so they die on a signal as usual.
/// </summary>
internal sealed class SignalStop : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly PosixSignalRegistration _term;
    private readonly PosixSignalRegistration _interrupt;

    public SignalStop(CancellationToken outer)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
    }

    public CancellationToken Token => _stop.Token;

    private void OnSignal(PosixSignalContext context)
    {
        if (!_stop.IsCancellationRequested)
        {
            context.Cancel = true;
            _stop.Cancel();
        }
    }

    public void Dispose()
    {
        _term.Dispose();
        _interrupt.Dispose();
        _stop.Dispose();
    }
}
