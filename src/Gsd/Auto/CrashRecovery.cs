using Gsd.Processes;

namespace Gsd.Auto;

/// <summary>
/// What a worker does first when it took over a stale auto.lock (its predecessor was killed): stop the agent the
/// predecessor left running, then save whatever the interrupted unit left uncommitted as
/// <c>wip(&lt;unit&gt;): interrupted</c> — never discarded — so the loop can go on from the files on the branch.
/// </summary>
internal sealed class CrashRecovery(AutoOptions options, UnitCommitter committer, TimeProvider clock, Action<string, string?> log)
{
    private static readonly TimeSpan OrphanGrace = TimeSpan.FromSeconds(3);

    public async Task RecoverAsync(LockRecord? stale, string mid)
    {
        await StopOrphanedAgentAsync(stale).ConfigureAwait(false);
        await SaveInterruptedWorkAsync(stale, mid).ConfigureAwait(false);
    }

    /// <summary>An agent runs in a session of its own, so a SIGKILLed worker leaves it running, still writing to the checkout.</summary>
    private async Task StopOrphanedAgentAsync(LockRecord? stale)
    {
        // Only with a known start time: a bare pid may by now belong to an unrelated process.
        if (stale?.Agent is not { StartTicks: > 0 } agent || !agent.IsAlive() || ProcessGroup.Of(agent.Pid) != agent.Pid)
        {
            return;
        }
        await ProcessGroup.TerminateAsync(agent.Pid, OrphanGrace, clock).ConfigureAwait(false);
        log($"stopped the agent (pid {agent.Pid}) that the interrupted worker left running for {stale.UnitId ?? "its unit"}", null);
    }

    private async Task SaveInterruptedWorkAsync(LockRecord? stale, string mid)
    {
        var pending = await committer.PendingChangesAsync(mid).ConfigureAwait(false);
        if (pending.Count == 0)
        {
            return;
        }
        var unit = stale?.UnitId;
        if (unit is null && !options.ParallelWorker)
        {
            // In the user's own checkout, changes no gsd unit made are the user's: never sweep them into a commit.
            throw new GsdException(
                $"{options.Checkout} has uncommitted changes that no interrupted gsd unit made: {string.Join(", ", pending.Take(10))}{(pending.Count > 10 ? ", …" : string.Empty)}. Commit or stash them, then run `gsd auto` again.");
        }
        var label = unit ?? mid;
        var commit = await committer.CommitAsync($"wip({label}): interrupted", label, mid).ConfigureAwait(false);
        log($"saved {pending.Count} uncommitted change(s) of the interrupted unit {label} as {commit?[..8]}", commit);
    }
}
