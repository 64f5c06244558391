using Gsd.IO;
using Gsd.Layout;
using Gsd.Processes;
using Gsd.Protocol;

namespace Gsd.Doctor;

/// <summary>Whether a coordinator runs for the project: it holds coordinator.lock, or coordinator.json names a live process without an exit.</summary>
internal static class CoordinatorLiveness
{
    public static int? RunningPid(ParallelPaths paths)
    {
        var holder = PidLock.Read(paths.CoordinatorLock);
        if (holder is not null && holder.Owner.IsAlive())
        {
            return holder.Pid;
        }
        var state = CoordinatorStateStore.TryRead(paths);
        return state is not null && state.ExitReason is null && new ProcessIdentity(state.Pid, state.ProcessStartedAt).IsAlive() ? state.Pid : null;
    }

    /// <summary>Held while doctor rewrites coordinator state, so it never races a coordinator taking its lock.</summary>
    public static FileStream Guard(ParallelPaths paths) => FileGuard.Acquire(paths.CoordinatorLock + ".guard.lock");
}
