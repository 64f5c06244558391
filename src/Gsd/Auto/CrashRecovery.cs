using Gsd.Processes;

namespace Gsd.Auto;

/// <summary>
/// What a worker does first when it took over a stale auto.lock (its predecessor was killed): stop the agent the
/// predecessor left running, then save whatever the interrupted unit left uncommitted as
/// <c>wip(&lt;unit&gt;): interrupted</c> — never discarded — so the loop can go on from the files on the branch.
/// Without an interrupted unit, in the user's own checkout, only this milestone's planning files (what
/// <c>gsd milestone new</c> wrote, or the user planned by hand) are committed, as the milestone's planning commit.
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
        if (stale is null && options.FreshCheckout)
        {
            // Just checked out by the coordinator and never worked in: no interrupted work (and no need to `git status` it).
            return;
        }
        var (code, planning) = await committer.PendingByKindAsync(mid).ConfigureAwait(false);
        var pending = code.Concat(planning).ToList();
        if (pending.Count == 0)
        {
            return;
        }
        var unit = stale?.UnitId;
        if (unit is null && !options.ParallelWorker)
        {
            // In the user's own checkout, code changes no gsd unit made are the user's: never sweep them into a commit.
            if (code.Count > 0)
            {
                throw new GsdException(
                    $"{options.Checkout} has uncommitted changes that no interrupted gsd unit made: {string.Join(", ", code.Take(10))}{(code.Count > 10 ? ", …" : string.Empty)}. Commit or stash them, then run `gsd auto` again.");
            }
            // Only .gsd/milestones/<mid>/ is left: the plan of the milestone about to run, which its first unit would commit anyway.
            var planned = await committer.CommitAsync($"chore({mid}): planning files", mid, mid).ConfigureAwait(false);
            log($"committed {planning.Count} planning file(s) of {mid} ({string.Join(", ", planning.Take(5))}{(planning.Count > 5 ? ", …" : string.Empty)}) as {planned?[..8]}", planned);
            return;
        }
        var label = unit ?? mid;
        var commit = await committer.CommitAsync($"wip({label}): interrupted", label, mid).ConfigureAwait(false);
        log($"saved {pending.Count} uncommitted change(s) of the interrupted unit {label} as {commit?[..8]}", commit);
    }
}
