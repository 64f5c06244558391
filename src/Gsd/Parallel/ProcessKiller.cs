using Gsd.IO;

namespace Gsd.Parallel;

/// <summary>Ends a worker and its agent's process group: SIGTERM, a grace period, then SIGKILL. Never signals a reused pid.</summary>
public static class ProcessKiller
{
    /// <summary>Returns true when nothing of the worker is left running.</summary>
    public static bool KillWorker(WorkerStatus status, TimeSpan grace)
    {
        var worker = new ProcessIdentity(status.Pid, status.ProcessStartedAt);
        var agentGroup = status.AgentPid is > 0 ? status.AgentPid.Value : 0;
        if (worker.IsAlive())
        {
            NativeMethods.Kill(worker.Pid, NativeMethods.SIGTERM);
        }
        var deadline = DateTime.UtcNow + grace;
        while (DateTime.UtcNow < deadline && worker.IsAlive())
        {
            Thread.Sleep(100);
        }
        if (worker.IsAlive())
        {
            NativeMethods.Kill(worker.Pid, NativeMethods.SIGKILL);
        }
        // The worker stops its agent itself on SIGTERM; after a SIGKILL the agent's group may be orphaned, so end it here.
        if (agentGroup > 0 && ProcessIdentity.IsPidAlive(agentGroup) && NativeMethods.GetPgid(agentGroup) == agentGroup)
        {
            NativeMethods.Kill(-agentGroup, NativeMethods.SIGKILL);
        }
        for (var i = 0; i < 50 && worker.IsAlive(); i++)
        {
            Thread.Sleep(100);
        }
        return !worker.IsAlive();
    }
}
