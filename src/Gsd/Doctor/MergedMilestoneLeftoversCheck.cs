using Gsd.Git;
using Gsd.Layout;
using Gsd.Merge;
using Gsd.Planning;
using Gsd.Processes;
using Gsd.Protocol;

namespace Gsd.Doctor;

/// <summary>
/// The branch <c>milestone/&lt;MID&gt;</c> (and its worktree) of a milestone already merged — <c>merges.json</c> says merged, or
/// it is complete on the checked-out integration branch — whose removal was refused or interrupted (e.g. by a temp file a
/// killed write left, once counted as a user change). Reported only when <see cref="Containment"/> proves the branch's tree
/// is in the integration branch, as the merge does; <c>--fix</c> removes them the merge's way (<see cref="MergeCleanup"/>:
/// metrics carried, proof repeated, a dirty worktree kept). Never while a live worker holds the milestone.
/// </summary>
internal sealed class MergedMilestoneLeftoversCheck : IDoctorCheck
{
    public string Name => "merged milestone leftovers";

    public async Task<IReadOnlyList<DoctorIssue>> InspectAsync(DoctorContext context, CancellationToken ct)
    {
        if (context.Git is not { } git)
        {
            return [];
        }
        var issues = new List<DoctorIssue>();
        var paths = context.Paths;
        var ledger = new MergeLedger(paths).TryRead();
        PlanningProject? root = null;
        string? current = null;
        foreach (var branch in await new BranchQueries(context.Root).MilestoneBranchesAsync(ct).ConfigureAwait(false))
        {
            if (MilestoneBranch.MilestoneOf(branch) is not { } id || HeldByLiveWorker(paths, id))
            {
                continue;
            }
            string? integration;
            if (ledger?.Milestones.GetValueOrDefault(id) is { Outcome: MergeRecordOutcome.Merged, IntegrationBranch: { Length: > 0 } recorded })
            {
                integration = recorded;
            }
            else
            {
                root ??= PlanningLoader.Load(context.Root);
                current ??= await git.Repository.CurrentBranchAsync(ct).ConfigureAwait(false) ?? string.Empty;
                integration = root.Find(id)?.Status == MilestoneStatus.Complete && current.Length > 0 ? current : null;
            }
            if (integration is null || integration == branch)
            {
                continue;
            }
            var proof = await new Containment(context.Root).ProveContainedAsync(branch, integration, ct).ConfigureAwait(false);
            if (!proof.Contained)
            {
                continue;
            }
            var worktree = Directory.Exists(paths.Worktree(id)) ? $" and its worktree {context.Display(paths.Worktree(id))}" : string.Empty;
            var target = integration;
            issues.Add(new DoctorIssue(DoctorCodes.MergedMilestoneLeftover, DoctorSeverity.Warning,
                $"{id}: {branch}{worktree} remain though {id} is merged: {proof.Reason}")
            {
                Fix = async token =>
                {
                    if (HeldByLiveWorker(paths, id))
                    {
                        return FixResult.Skipped("a worker runs it now; left as it is");
                    }
                    var removed = await new MergeCleanup(paths).RemoveAsync(id, branch, target, token).ConfigureAwait(false);
                    return removed.Removed ? FixResult.Done(removed.Reason) : FixResult.Skipped(removed.Reason);
                },
            });
        }
        return issues;
    }

    private static bool HeldByLiveWorker(ParallelPaths paths, string id) =>
        (WorkerStatusStore.TryRead(paths, id) is { } status && WorkerStates.IsLive(status.State) && new ProcessIdentity(status.Pid, status.ProcessStartedAt).IsAlive())
        || (PidLock.Read(GsdPaths.AutoLockFile(paths.Worktree(id))) is { } held && held.Owner.IsAlive());
}
