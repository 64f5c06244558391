using Gsd.IO;

namespace Gsd.Parallel;

/// <summary>
/// Whether a worker is alive, from the files alone: dead when its pid is gone or now belongs to another process, or its
/// heartbeat is older than 30 s. A final state the worker wrote as it exited stays as written.
/// </summary>
public static class WorkerHealth
{
    public static readonly TimeSpan DeadAfter = TimeSpan.FromSeconds(30);

    /// <summary>The state to show: the written one, or <c>crashed</c> when the process behind a live state is dead.</summary>
    public static string EffectiveState(WorkerStatus status, DateTimeOffset now) =>
        WorkerStates.IsLive(status.State) && IsDead(status, now) ? WorkerStates.Crashed : status.State;

    public static bool IsDead(WorkerStatus status, DateTimeOffset now) =>
        !new ProcessIdentity(status.Pid, status.ProcessStartedAt).IsAlive() || now - status.LastHeartbeat > DeadAfter;
}
