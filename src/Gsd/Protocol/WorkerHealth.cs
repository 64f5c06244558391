using Gsd.Processes;

namespace Gsd.Protocol;

/// <summary>
/// Whether a worker is alive, from the files alone: dead when its pid is gone or now belongs to another process, or its
/// heartbeat is older than <see cref="Timings.DeadAfter"/>. A final state the worker wrote as it exited stays as written.
/// </summary>
public static class WorkerHealth
{
    /// <summary>
    /// The state to show: the written one, or — when the process behind a live state is dead — <c>stopped</c> if the last
    /// signal it was sent is a stop it did not live to acknowledge (it was killed by `stop`), else <c>crashed</c>; a live
    /// worker sent a pause it has not read yet is <c>pausing</c> already.
    /// </summary>
    public static WorkerState EffectiveState(WorkerStatus status, WorkerSignal? lastSignal, DateTimeOffset now, Timings timings) =>
        !WorkerStates.IsLive(status.State) ? status.State
            : IsDead(status, now, timings) ? (KilledByStop(status, lastSignal) ? WorkerState.Stopped : WorkerState.Crashed)
            : PauseUnread(status, lastSignal) ? WorkerState.Pausing
            : status.State;

    public static bool IsDead(WorkerStatus status, DateTimeOffset now, Timings timings) =>
        !new ProcessIdentity(status.Pid, status.ProcessStartedAt).IsAlive() || now - status.LastHeartbeat > timings.DeadAfter;

    /// <summary>
    /// A pause was sent after the last signal the worker echoed, and it still says it is starting or running: the worker
    /// writes <c>pausing</c> itself once it reads the signal (within a poll), this covers the gap before that.
    /// </summary>
    public static bool PauseUnread(WorkerStatus status, WorkerSignal? lastSignal) =>
        status.State is WorkerState.Starting or WorkerState.Running
        && lastSignal is { Signal: Signals.Pause } && lastSignal.Seq > status.SignalSeq;

    /// <summary>A stop was sent to this worker (at or after it started) and it is the last word it was given.</summary>
    public static bool KilledByStop(WorkerStatus status, WorkerSignal? lastSignal) =>
        lastSignal is not null && lastSignal.Signal == Signals.Stop && lastSignal.SentAt >= status.StartedAt.AddSeconds(-1);
}
