namespace Gsd.Tests.Agents;

/// <summary>
/// The system clock, except that timers due after exactly <c>trigger</c> (the unit timeout under
/// test) fire only when the test calls <see cref="Fire"/> — so timeout tests never race the clock.
/// </summary>
internal sealed class TriggerableTimeProvider(TimeSpan trigger) : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _pending = [];
    private bool _fired;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != trigger)
        {
            return System.CreateTimer(callback, state, dueTime, period);
        }
        var timer = new ManualTimer(() => callback(state));
        bool fireNow;
        lock (_lock)
        {
            fireNow = _fired;
            if (!fireNow)
            {
                _pending.Add(timer);
            }
        }
        if (fireNow)
        {
            ThreadPool.QueueUserWorkItem(_ => timer.Fire());
        }
        return timer;
    }

    /// <summary>Lets the trigger time pass: fires the pending timers, and any created later at once.</summary>
    public void Fire()
    {
        List<ManualTimer> due;
        lock (_lock)
        {
            _fired = true;
            due = [.. _pending];
            _pending.Clear();
        }
        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    private sealed class ManualTimer(Action callback) : ITimer
    {
        private int _disposed;

        public void Fire()
        {
            if (Volatile.Read(ref _disposed) == 0)
            {
                callback();
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period) => Volatile.Read(ref _disposed) == 0;

        public void Dispose() => Interlocked.Exchange(ref _disposed, 1);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
