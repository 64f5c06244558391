using System.Text.Json.Serialization;
using Gsd.Git;
using Gsd.IO;
using Gsd.Layout;
using Gsd.Planning;
using Gsd.Processes;
using Gsd.Protocol;

namespace Gsd.Auto;

/// <summary>
/// Where a milestone not yet complete on the integration branch stands outside this checkout (<c>queue --json</c>'s
/// <c>runState</c>, DESIGN §10), lower-case and hyphenated in JSON and output.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<MilestoneRunState>))]
public enum MilestoneRunState
{
    [JsonStringEnumMemberName("running")]
    Running,

    [JsonStringEnumMemberName("paused")]
    Paused,

    [JsonStringEnumMemberName("waiting")]
    Waiting,

    /// <summary>Complete on its branch <c>milestone/&lt;MID&gt;</c>, not merged yet.</summary>
    [JsonStringEnumMemberName("awaiting-merge")]
    AwaitingMerge,

    /// <summary>Its worker stopped blocked: a unit still failed after its tries.</summary>
    [JsonStringEnumMemberName("gave-up")]
    GaveUp,

    [JsonStringEnumMemberName("merge-conflict")]
    MergeConflict,

    [JsonStringEnumMemberName("merge-failed")]
    MergeFailed,

    /// <summary>Its worker died while its status said it was working.</summary>
    [JsonStringEnumMemberName("crashed")]
    Crashed,
}

public static class MilestoneRunStates
{
    public static string Name(this MilestoneRunState state) => state switch
    {
        MilestoneRunState.AwaitingMerge => "awaiting-merge",
        MilestoneRunState.GaveUp => "gave-up",
        MilestoneRunState.MergeConflict => "merge-conflict",
        MilestoneRunState.MergeFailed => "merge-failed",
        _ => state.ToString().ToLowerInvariant(),
    };
}

/// <summary>
/// Who holds a milestone: <see cref="WorkerPid"/> is the live worker (verified by pid and start time) when there is one;
/// <see cref="Detail"/> says it in words.
/// </summary>
public sealed record MilestoneOwner(string MilestoneId, MilestoneRunState State, int? WorkerPid, string Detail)
{
    /// <summary>
    /// A plain <c>gsd auto</c> must not take it: a live worker owns it, or it is complete on an unmerged branch (its
    /// merge pending, conflicted or failed). Doing it again would pay the agent twice and conflict at the merge.
    /// </summary>
    public bool KeepsAutoAway => State is not (MilestoneRunState.GaveUp or MilestoneRunState.Crashed);

    /// <summary>Why <c>gsd auto</c> refuses it, and what to do instead.</summary>
    public string Refusal => State switch
    {
        MilestoneRunState.Running or MilestoneRunState.Paused or MilestoneRunState.Waiting =>
            $"{MilestoneId} is being run by {Detail}; see `gsd parallel status` (stop it there first to run it here)",
        _ => $"{MilestoneId} is {Detail}; merge it with `gsd parallel merge {MilestoneId}` instead of running it again",
    };
}

/// <summary>
/// Ownership of milestones across checkouts (ARCHITECTURE §4, DESIGN §10 "Ownership"): from the parallel run's status
/// files (a worker counts only while its pid and start time match), <c>merges.json</c>, <c>coordinator.json</c>, a
/// worktree's held auto.lock, and the milestone as committed on <c>milestone/&lt;MID&gt;</c>. Read-only.
/// </summary>
public sealed class MilestoneOwnership(string projectRoot, string? ownCheckout = null)
{
    private readonly ParallelPaths _paths = new(projectRoot);
    private MergeLedgerFile? _ledger;
    private CoordinatorState? _coordinator;
    private HashSet<string>? _branches;
    private HashSet<string>? _statusFiles;
    private HashSet<string>? _worktrees;
    private Task? _loading;

    /// <summary>The owner of every milestone of <paramref name="project"/> that has one (complete ones have none).</summary>
    public async Task<IReadOnlyDictionary<string, MilestoneOwner>> AllAsync(PlanningProject project, CancellationToken ct = default)
    {
        var owners = new Dictionary<string, MilestoneOwner>(StringComparer.Ordinal);
        foreach (var m in project.Milestones)
        {
            if (await FindAsync(m, ct).ConfigureAwait(false) is { } owner)
            {
                owners[m.Id] = owner;
            }
        }
        return owners;
    }

    /// <summary>The owner of <paramref name="milestone"/> (as the checkout sees it), or null when nobody holds it.</summary>
    public async Task<MilestoneOwner?> FindAsync(Milestone milestone, CancellationToken ct = default)
    {
        var id = milestone.Id;
        if (milestone.Status is MilestoneStatus.Complete or MilestoneStatus.Ghost || !MilestoneId.IsValid(id))
        {
            return null;
        }
        await LoadAsync(ct).ConfigureAwait(false);
        var status = _statusFiles!.Contains(Path.GetFileName(_paths.StatusFile(id))) ? WorkerStatusStore.TryRead(_paths, id) : null;
        if (status is not null && WorkerStates.IsLive(status.State) && new ProcessIdentity(status.Pid, status.ProcessStartedAt).IsAlive())
        {
            // By name: a state added later (waiting) maps without a change here.
            var state = status.State.Name() switch
            {
                "paused" => MilestoneRunState.Paused,
                "waiting" => MilestoneRunState.Waiting,
                _ => MilestoneRunState.Running,
            };
            return new MilestoneOwner(id, state, status.Pid, $"parallel worker pid {status.Pid} ({status.State.Name()}{Unit(status)})");
        }
        if (HeldWorktreeLock(id) is { } holder)
        {
            return new MilestoneOwner(id, MilestoneRunState.Running, holder.Pid, $"gsd auto pid {holder.Pid} in {_paths.Worktree(id)}");
        }
        var merge = _ledger?.Milestones.GetValueOrDefault(id);
        switch (merge?.Outcome)
        {
            case MergeRecordOutcome.Conflict:
                return new MilestoneOwner(id, MilestoneRunState.MergeConflict, null,
                    $"complete on {MilestoneBranch.Name(id)} but its merge conflicted ({string.Join(", ", merge.ConflictFiles)})");
            case MergeRecordOutcome.Failed:
                return new MilestoneOwner(id, MilestoneRunState.MergeFailed, null, $"complete on {MilestoneBranch.Name(id)} but its merge failed: {merge.Error}");
        }
        switch (status?.State)
        {
            case WorkerState.Complete:
                return AwaitingMerge(id);
            case WorkerState.Blocked:
                return new MilestoneOwner(id, MilestoneRunState.GaveUp, null, $"blocked: {status.Error ?? "a unit kept failing"}");
            case { } live when WorkerStates.IsLive(live):
                return new MilestoneOwner(id, MilestoneRunState.Crashed, null, $"crashed: worker pid {status.Pid} is gone while its status says {live.Name()}");
        }
        switch (_coordinator?.Milestones.GetValueOrDefault(id)?.State)
        {
            case RunState.Complete:
                return AwaitingMerge(id);
            case RunState.Blocked:
                return new MilestoneOwner(id, MilestoneRunState.GaveUp, null, "blocked after its tries");
            case RunState.Crashed:
                return new MilestoneOwner(id, MilestoneRunState.Crashed, null, "crashed");
        }
        if (_branches!.Contains(MilestoneBranch.Name(id)) && !await OwnBranchAsync(id, ct).ConfigureAwait(false)
            && await BranchMilestone.LoadAsync(projectRoot, id, ct).ConfigureAwait(false) is { Milestone.Status: MilestoneStatus.Complete })
        {
            return AwaitingMerge(id);
        }
        return null;
    }

    private static MilestoneOwner AwaitingMerge(string id) =>
        new(id, MilestoneRunState.AwaitingMerge, null, $"complete on {MilestoneBranch.Name(id)}, awaiting merge");

    private static string Unit(WorkerStatus status) => status.CurrentUnit is { } u ? $", in {u.Type} {u.Id}" : string.Empty;

    /// <summary>
    /// Reads what every lookup shares (merges.json, coordinator.json, which status files and worktrees exist, the milestone
    /// branches: one git process). Call it early, e.g. while the planning files load, so the git process runs meanwhile;
    /// the lookups wait for it.
    /// </summary>
    public Task LoadAsync(CancellationToken ct = default) => _loading ??= ReadSharedAsync(ct);

    private async Task ReadSharedAsync(CancellationToken ct)
    {
        var branches = new BranchQueries(projectRoot).MilestoneBranchesAsync(ct);
        _ledger = new MergeLedger(_paths).TryRead();
        _coordinator = CoordinatorStateStore.TryRead(_paths);
        // One directory read each instead of a failed open per milestone: most milestones have no status file or worktree.
        _statusFiles = Names(_paths.Directory, directories: false);
        _worktrees = Names(_paths.WorktreesDirectory, directories: true);
        try
        {
            _branches = [.. await branches.ConfigureAwait(false)];
        }
        catch (GitException)
        {
            // Not a git repository (or no commit yet): no milestone branch can hold anything.
            _branches = [];
        }
    }

    private static HashSet<string> Names(string directory, bool directories)
    {
        try
        {
            var names = directories ? Directory.EnumerateDirectories(directory) : Directory.EnumerateFiles(directory);
            return new HashSet<string>(names.Select(Path.GetFileName)!, StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Missing: nothing there. Unreadable: each lookup below would fail the same way and find nothing.
            return [];
        }
    }

    /// <summary>A live gsd auto holding the auto.lock of the milestone's worktree (not this checkout's own).</summary>
    private LockRecord? HeldWorktreeLock(string id)
    {
        var worktree = _paths.Worktree(id);
        if (!_worktrees!.Contains(Path.GetFileName(worktree)) || (ownCheckout is not null && PathIdentity.Same(worktree, ownCheckout)))
        {
            return null;
        }
        var record = PidLock.Read(GsdPaths.AutoLockFile(worktree));
        return record is not null && record.Owner.IsAlive() ? record : null;
    }

    /// <summary>This checkout has the milestone's branch checked out: that branch is the one being worked here, not a rival's.</summary>
    private async Task<bool> OwnBranchAsync(string id, CancellationToken ct)
    {
        if (ownCheckout is null)
        {
            return false;
        }
        if (PathIdentity.Same(_paths.Worktree(id), ownCheckout))
        {
            return true;
        }
        try
        {
            return await new GitRepository(ownCheckout).CurrentBranchAsync(ct).ConfigureAwait(false) == MilestoneBranch.Name(id);
        }
        catch (GitException)
        {
            return false;
        }
    }
}
