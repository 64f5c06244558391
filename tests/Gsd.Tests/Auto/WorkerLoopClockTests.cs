using Gsd.Auto;
using Gsd.Layout;
using Gsd.Protocol;
using Gsd.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Gsd.Tests.Auto;

/// <summary>
/// The worker's clock-driven parts on a fake clock: the status heartbeat and the signal watch. Only the clock is fake:
/// the files are real. The waits below are for the background write to land, never the thing asserted.
/// </summary>
public sealed class WorkerLoopClockTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact(Timeout = Hang.InProcess)]
    public async Task The_status_file_is_rewritten_with_a_fresh_heartbeat_each_heartbeat_interval_and_not_before()
    {
        using var dir = new TempDir("gsd-beat");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var paths = new ParallelPaths(dir.Path);
        Directory.CreateDirectory(paths.Directory);
        var timings = Timings.Default;
        var start = clock.GetUtcNow();

        await using (var writer = new WorkerStatusWriter(paths.StatusFile("M002"), new WorkerStatus { MilestoneId = "M002", State = WorkerState.Running }, timings.Heartbeat, clock, TextWriter.Null))
        {
            Read(paths).LastHeartbeat.ShouldBe(start, "written at once");
            clock.Advance(timings.Heartbeat - TimeSpan.FromMilliseconds(1));
            Read(paths).LastHeartbeat.ShouldBe(start);

            clock.Advance(TimeSpan.FromMilliseconds(1));
            await Until(() => Read(paths).LastHeartbeat == start + timings.Heartbeat);

            // A worker that beats every interval is never older than dead-after, however long it runs.
            for (var i = 0; i < 20; i++)
            {
                clock.Advance(timings.Heartbeat);
                var expected = clock.GetUtcNow();
                await Until(() => Read(paths).LastHeartbeat == expected);
                (clock.GetUtcNow() - Read(paths).LastHeartbeat).ShouldBeLessThan(timings.DeadAfter);
            }
        }

        var last = Read(paths).LastHeartbeat;
        clock.Advance(timings.DeadAfter + TimeSpan.FromSeconds(1));
        Read(paths).LastHeartbeat.ShouldBe(last, "a disposed writer beats no more");
        (clock.GetUtcNow() - last).ShouldBeGreaterThan(timings.DeadAfter, "so a coordinator would find it dead");
    }

    [Fact(Timeout = Hang.InProcess)]
    public async Task A_stop_signal_cancels_the_running_unit_at_the_next_signal_poll_and_a_pause_waits_for_the_unit()
    {
        using var dir = new TempDir("gsd-watch");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var paths = new ParallelPaths(dir.Path);
        Directory.CreateDirectory(paths.Directory);
        var handled = new List<string>();
        var watch = new SignalWatch(new SignalInbox(paths.SignalFile("M002")), s =>
        {
            lock (handled)
            {
                handled.Add(s.Signal);
            }
        });
        using var unit = new CancellationTokenSource();
        using var until = new CancellationTokenSource();
        var watching = watch.WatchAsync(unit, Timings.Default.SignalPoll, clock, until.Token);

        SignalSender.Send(paths, "M002", Signals.Pause, "gsd parallel pause", clock);
        await Until(() => watch.PausePending, () => clock.Advance(Timings.Default.SignalPoll));
        unit.IsCancellationRequested.ShouldBeFalse("a pause lets the unit finish");

        SignalSender.Send(paths, "M002", Signals.Stop, "gsd parallel stop", clock);
        await Until(() => unit.IsCancellationRequested, () => clock.Advance(Timings.Default.SignalPoll));

        await watching;
        watch.StopSignal!.From.ShouldBe("gsd parallel stop");
        lock (handled)
        {
            handled.ShouldBe(new[] { Signals.Pause, Signals.Stop });
        }
    }

    [Fact(Timeout = Hang.InProcess)]
    public async Task A_resume_before_the_unit_ends_cancels_the_pending_pause()
    {
        using var dir = new TempDir("gsd-watch");
        var clock = new FakeTimeProvider();
        var paths = new ParallelPaths(dir.Path);
        Directory.CreateDirectory(paths.Directory);
        var watch = new SignalWatch(new SignalInbox(paths.SignalFile("M002")), _ => { });

        SignalSender.Send(paths, "M002", Signals.Pause, "gsd parallel pause", clock);
        watch.Poll()!.Signal.ShouldBe(Signals.Pause);
        watch.PausePending.ShouldBeTrue();
        watch.Poll().ShouldBeNull("each signal is handled once");

        SignalSender.Send(paths, "M002", Signals.Resume, "gsd parallel resume", clock);
        watch.Poll()!.Signal.ShouldBe(Signals.Resume);
        watch.PausePending.ShouldBeFalse();
        watch.StopSignal.ShouldBeNull();
        await Task.CompletedTask;
    }

    private static WorkerStatus Read(ParallelPaths paths) => WorkerStatusStore.TryRead(paths, "M002")!;

    /// <summary>Waits for a background step; <paramref name="step"/> (say, one poll interval of fake time) runs before each look.</summary>
    private static async Task Until(Func<bool> condition, Action? step = null)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            step?.Invoke();
            if (condition())
            {
                return;
            }
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the background step did not happen");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }
}
