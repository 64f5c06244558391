using System.Text;
using Gsd.Git;
using Gsd.IO;
using Gsd.Layout;
using Gsd.Planning;
using Gsd.Preferences;
using Gsd.Protocol;

namespace Gsd.Merge;

/// <summary>
/// The merge queue (DESIGN §7): squash-merges completed milestone branches into their integration branch in id order,
/// lands completed slices under per-slice, predicts conflicts, and cleans up a branch and worktree only once their work
/// is proven to be on the integration branch. What a merge looks at is the branch as committed, never the worktree's
/// uncommitted files. Every outcome is recorded in merges.json; merges of one project run one at a time.
/// </summary>
/// <param name="warnings">Where advice that failed is reported (a conflict prediction); null: nowhere.</param>
public sealed class MergeRunner(ParallelPaths paths, GsdPreferences prefs, TimeProvider clock, TextWriter? warnings = null) : IMilestoneMerger
{
    /// <summary>How long a merge waits for another one (a pre-merge check may run for a while) before saying so.</summary>
    public static readonly TimeSpan LockWait = TimeSpan.FromMinutes(10);

    private readonly MergeLedger _ledger = new(paths);
    private readonly Dictionary<string, BranchMilestone> _branchCache = new(StringComparer.Ordinal);
    private readonly HashSet<string> _foundLanded = new(StringComparer.Ordinal);

    public static IMilestoneMerger? ForCoordinator(ParallelPaths paths, GsdPreferences prefs, TimeProvider clock, TextWriter? warnings = null) => new MergeRunner(paths, prefs, clock, warnings);

    /// <summary>
    /// Milestones whose branch is complete, in id order: those not merged yet, and those merged whose branch is still there
    /// (its cleanup was interrupted or refused, or it gained commits since) — merging them again lands what is new and
    /// finishes the cleanup.
    /// </summary>
    public async Task<IReadOnlyList<string>> CandidatesAsync(CancellationToken ct = default)
    {
        var branches = await new BranchQueries(paths.ProjectRoot).MilestoneBranchesAsync(ct).ConfigureAwait(false);
        var list = new List<string>();
        foreach (var branch in branches)
        {
            var id = MilestoneBranch.MilestoneOf(branch);
            if (id is not null && (await LoadBranchAsync(id, ct).ConfigureAwait(false))?.Milestone.IsComplete == true)
            {
                list.Add(id);
            }
        }
        return list.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>True when a result leaves the milestone's work on its integration branch: merged now, or found there already.</summary>
    public bool IsOnIntegrationBranch(MergeResult result) =>
        result.Outcome == MergeOutcome.Merged || (result.Outcome == MergeOutcome.Skipped && _foundLanded.Contains(result.MilestoneId));

    /// <summary>Merges each in order; after a conflict or failure the rest are reported as not attempted.</summary>
    public async Task<IReadOnlyList<MergeResult>> MergeAllAsync(IReadOnlyList<string> ids, CancellationToken ct = default)
    {
        var results = new List<MergeResult>();
        string? haltedBy = null;
        foreach (var id in ids)
        {
            if (haltedBy is not null)
            {
                results.Add(MergeResult.Skipped(id, $"not attempted: the merge of {haltedBy} did not land; resolve it, then run `gsd parallel merge` again"));
                continue;
            }
            var result = await MergeOneAsync(id, ct).ConfigureAwait(false);
            results.Add(result);
            if (result.Outcome is MergeOutcome.Conflict or MergeOutcome.Failed)
            {
                haltedBy = id;
            }
        }
        return results;
    }

    /// <summary>An id with no directory, no branch and no merge record is a typo, not a milestone without a branch.</summary>
    private async Task RequireKnownMilestoneAsync(string id, string branch, CancellationToken ct)
    {
        if (Directory.Exists(GsdPaths.MilestoneDirectory(paths.ProjectRoot, id)) || _ledger.Find(id) is not null
            || await new GitRepository(paths.ProjectRoot).BranchExistsAsync(branch, ct).ConfigureAwait(false))
        {
            return;
        }
        throw new GsdException($"no milestone {id}: there is no .gsd/milestones/{id}/ and no branch {branch}. `gsd queue` lists the milestones.", ExitCodes.Usage);
    }

    /// <summary>
    /// Merges one milestone. Git errors come back as outcome failed with git's own message (nothing is swallowed, and the
    /// engine changes nothing before it knows the merge lands). Skipped: no branch, a live worker, or not complete on its branch.
    /// </summary>
    public async Task<MergeResult> MergeOneAsync(string id, CancellationToken ct = default)
    {
        if (!MilestoneId.IsValid(id))
        {
            throw new GsdException($"'{id}' is not a milestone id (M###).", ExitCodes.Usage);
        }
        var branch = MilestoneBranch.Name(id);
        await RequireKnownMilestoneAsync(id, branch, ct).ConfigureAwait(false);
        using var mergeLock = await MergeLock.AcquireAsync(paths, clock, LockWait, ct).ConfigureAwait(false);
        var previous = _ledger.Find(id);
        var snapshot = await LoadBranchAsync(id, ct).ConfigureAwait(false);
        if (snapshot is null)
        {
            var repo = new GitRepository(paths.ProjectRoot);
            if (await repo.BranchExistsAsync(branch, ct).ConfigureAwait(false))
            {
                return MergeResult.Skipped(id, $"{branch} has no .gsd/milestones/{id}/: it is not a branch gsd made for {id}; nothing was merged");
            }
            if (previous?.Outcome == MergeLedger.Merged)
            {
                return MergeResult.Merged(id, previous.Commit ?? string.Empty) with { Error = $"already merged{At(previous)}; its branch and worktree are gone" };
            }
            // A branch deleted by hand: a conflict or failure recorded for it no longer holds the milestone back.
            return Record(MergeResult.Skipped(id, $"there is no branch {branch}; nothing to merge"), null);
        }
        if (LiveWorker(id) is { } pid)
        {
            return MergeResult.Skipped(id, $"its worker (pid {pid}) is still running; merge once it is complete");
        }
        if (!snapshot.Milestone.IsComplete)
        {
            return MergeResult.Skipped(id, $"{id} is not complete on {branch} (no committed {id}-SUMMARY.md, or it is a failure report)");
        }

        var integration = await IntegrationBranchAsync(id, snapshot, ct).ConfigureAwait(false);
        var request = new MergeRequest(paths.ProjectRoot, id, branch, integration, CommitMessage(id, snapshot.Milestone))
        {
            PreMergeCheck = prefs.Git.PreMergeCheck,
            // Land exactly what was read above: a commit the worker (or anyone) adds meanwhile waits for the next merge.
            SourceCommit = snapshot.Tip,
        };
        MergeResult result;
        try
        {
            result = await MergeEngine.SquashMergeAsync(request, ct).ConfigureAwait(false);
        }
        catch (GitException ex)
        {
            return Record(MergeResult.Failed(id, $"{ex.Message}\nNothing was merged; {branch} and its worktree are kept."), integration);
        }

        switch (result.Outcome)
        {
            case MergeOutcome.Merged:
                Record(result, integration);
                return await FinishAsync(result, branch, integration, ct).ConfigureAwait(false);
            case MergeOutcome.Skipped:
                // Nothing to merge: the integration branch has all of it (merged earlier, with the cleanup interrupted or refused).
                var landed = previous?.Outcome == MergeLedger.Merged && previous.Commit is { Length: > 0 } commit
                    ? MergeResult.Merged(id, commit) with { Error = $"already merged{At(previous)}" }
                    : result;
                _foundLanded.Add(id);
                Record(landed with { Outcome = MergeOutcome.Merged }, integration);
                return await FinishAsync(landed, branch, integration, ct).ConfigureAwait(false);
            default:
                return Record(result, integration);
        }
    }

    async Task<MergeSummary> IMilestoneMerger.MergeAsync(string milestoneId)
    {
        try
        {
            var r = await MergeOneAsync(milestoneId).ConfigureAwait(false);
            return new MergeSummary(RunState(r.Outcome), r.Commit, r.Error, r.ConflictFiles);
        }
        catch (Exception ex) when (ex is GsdException or GitException or IOException)
        {
            TryRecord(MergeResult.Failed(milestoneId, ex.Message));
            return new MergeSummary(RunStates.Failed, null, ex.Message, []);
        }
    }

    async Task<IReadOnlyList<MergeSummary>> IMilestoneMerger.LandSlicesAsync(string milestoneId)
    {
        try
        {
            var results = await LandCompletedSlicesAsync(milestoneId).ConfigureAwait(false);
            return results.Select(r => new MergeSummary(RunState(r.Outcome), r.Commit, r.Error, r.ConflictFiles)).ToList();
        }
        catch (Exception ex) when (ex is GsdException or GitException or IOException)
        {
            return [new MergeSummary(RunStates.Failed, null, ex.Message, [])];
        }
    }

    async Task<IReadOnlyList<MilestoneConflict>> IMilestoneMerger.PredictConflictsAsync(IReadOnlyList<string> activeMilestones)
    {
        try
        {
            return await PredictAsync(activeMilestones).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is GsdException or GitException or IOException)
        {
            // A prediction is advice: failing to make one must not stop the run. The next unit commit tries again.
            warnings?.WriteLine($"gsd: conflict prediction failed: {ex.Message}");
            return [];
        }
    }

    /// <summary>
    /// per-slice: lands each slice the branch completed (as committed) since the last landing as its own squash commit
    /// <c>feat(&lt;MID&gt;/&lt;SID&gt;): &lt;title&gt;</c>, in roadmap order, stopping at the first that does not land.
    /// </summary>
    public async Task<IReadOnlyList<MergeResult>> LandCompletedSlicesAsync(string id, CancellationToken ct = default)
    {
        if (!MilestoneId.IsValid(id))
        {
            throw new GsdException($"'{id}' is not a milestone id (M###).", ExitCodes.Usage);
        }
        using var mergeLock = await MergeLock.AcquireAsync(paths, clock, LockWait, ct).ConfigureAwait(false);
        var results = new List<MergeResult>();
        var snapshot = await LoadBranchAsync(id, ct).ConfigureAwait(false);
        if (snapshot is null)
        {
            return results;
        }
        var branch = MilestoneBranch.Name(id);
        var landed = _ledger.Find(id)?.LandedSlices ?? [];
        var integration = await IntegrationBranchAsync(id, snapshot, ct).ConfigureAwait(false);
        var queries = new BranchQueries(paths.ProjectRoot);
        foreach (var slice in snapshot.Milestone.Slices.Where(s => s.IsDone && !landed.Contains(s.Id)))
        {
            var unit = $"{id}/{slice.Id}";
            var commit = await queries.UnitCommitAsync(snapshot.Tip, unit, $"feat({unit}): complete slice", ct).ConfigureAwait(false);
            if (commit is null)
            {
                continue; // marked done by hand, not by the worker's complete-slice commit: it lands with the milestone
            }
            var message = $"feat({unit}): {slice.Title}\n\n{string.Join('\n', slice.Tasks.Select(t => $"- {t.Id}: {t.Title}"))}\n\nGSD-Milestone: {id}\nGSD-Unit: {unit}\n";
            var request = new MergeRequest(paths.ProjectRoot, id, branch, integration, message) { PreMergeCheck = prefs.Git.PreMergeCheck };
            MergeResult result;
            try
            {
                result = await MergeEngine.LandSliceAsync(request, commit, ct).ConfigureAwait(false);
            }
            catch (GitException ex)
            {
                result = MergeResult.Failed(id, $"landing {unit}: {ex.Message}");
            }
            results.Add(result);
            // Skipped = nothing to land: it is already there (say, a landing whose record was not written before a crash).
            if (result.Outcome is not (MergeOutcome.Merged or MergeOutcome.Skipped))
            {
                Record(result, integration);
                break;
            }
            landed = [.. landed, slice.Id];
            var now = landed;
            _ledger.Update(id, r => (r ?? new MergeRecord("pending", clock.GetUtcNow(), null, null, [])) with { LandedSlices = now, IntegrationBranch = integration });
        }
        return results;
    }

    /// <summary>Conflicts merge-tree predicts for each active branch against the integration branch and between each pair.</summary>
    public async Task<IReadOnlyList<MilestoneConflict>> PredictAsync(IReadOnlyList<string> activeMilestones, CancellationToken ct = default)
    {
        var existing = new List<string>();
        var repo = new GitRepository(paths.ProjectRoot);
        foreach (var id in activeMilestones.Where(MilestoneId.IsValid))
        {
            if (await repo.BranchExistsAsync(MilestoneBranch.Name(id), ct).ConfigureAwait(false))
            {
                existing.Add(id);
            }
        }
        if (existing.Count == 0)
        {
            return [];
        }
        var integration = await IntegrationBranchAsync(existing[0], await LoadBranchAsync(existing[0], ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        var branches = existing.Select(MilestoneBranch.Name).ToList();
        var predictions = await new ConflictPredictor(paths.ProjectRoot).PredictAsync(integration, branches, ct).ConfigureAwait(false);
        return predictions
            .Where(p => p.HasConflict)
            .Select(p => new MilestoneConflict(Mid(p.Left) ?? p.Left, Mid(p.Right), p.Files))
            .Select(p => p.A == integration ? p with { A = p.B ?? p.A, B = null } : p)
            .ToList();

        string? Mid(string branch) => branch == integration ? null : MilestoneBranch.MilestoneOf(branch) ?? branch;
    }

    /// <summary>After the squash landed: carry the worker's metrics to the project root, then remove branch and worktree only with proof.</summary>
    private async Task<MergeResult> FinishAsync(MergeResult result, string branch, string integration, CancellationToken ct)
    {
        string? note;
        try
        {
            CarryMetrics(result.MilestoneId);
        }
        catch (GsdException ex)
        {
            return WithNote(result, $"kept {branch} and its worktree: its metrics could not be carried to the project ledger: {ex.Message}");
        }
        try
        {
            var cleanup = await new Containment(paths.ProjectRoot).SafeRemoveAsync(branch, integration, ct).ConfigureAwait(false);
            note = cleanup.Removed ? null : cleanup.Reason;
        }
        catch (GitException ex)
        {
            note = $"kept {branch} (or part of its cleanup): {ex.Message}";
        }
        return note is null ? result : WithNote(result, note);
    }

    private static MergeResult WithNote(MergeResult result, string note) =>
        result with { Error = result.Error is null ? note : $"{result.Error}; {note}" };

    private async Task<BranchMilestone?> LoadBranchAsync(string id, CancellationToken ct)
    {
        var tip = await new GitRepository(paths.ProjectRoot).CommitOfAsync("refs/heads/" + MilestoneBranch.Name(id), ct).ConfigureAwait(false);
        if (tip is null)
        {
            return null;
        }
        if (_branchCache.TryGetValue(id, out var cached) && cached.Tip == tip)
        {
            return cached;
        }
        var loaded = await BranchMilestone.LoadAsync(paths.ProjectRoot, id, ct).ConfigureAwait(false);
        if (loaded is not null)
        {
            _branchCache[id] = loaded;
        }
        return loaded;
    }

    /// <summary>The branch's committed META, else the worktree's META, else git.main_branch, else the root's checked-out branch.</summary>
    private async Task<string> IntegrationBranchAsync(string id, BranchMilestone? snapshot, CancellationToken ct)
    {
        if (snapshot?.Milestone.IntegrationBranch is { Length: > 0 } committed)
        {
            return committed;
        }
        if (Directory.Exists(paths.Worktree(id)) && File.Exists(GsdPaths.MetaFile(paths.Worktree(id), id)))
        {
            try
            {
                if (PlanningLoader.LoadMilestone(paths.Worktree(id), id).IntegrationBranch is { Length: > 0 } fromWorktree)
                {
                    return fromWorktree;
                }
            }
            catch (GsdException)
            {
                // The worktree's planning files are the worker's; fall back to the preference or the checked-out branch.
            }
        }
        ct.ThrowIfCancellationRequested();
        return await new WorktreeProvisioner(paths, prefs).IntegrationBranchAsync(new GitRepository(paths.ProjectRoot)).ConfigureAwait(false);
    }

    private static string CommitMessage(string id, Milestone m)
    {
        var sb = new StringBuilder();
        sb.Append(FormattableString.Invariant($"feat({id}): {(m.Title.Length == 0 ? id : m.Title)}\n\n"));
        if (m.Slices.Count > 0)
        {
            foreach (var slice in m.Slices)
            {
                sb.Append(FormattableString.Invariant($"- {slice.Id}: {slice.Title}\n"));
                foreach (var task in slice.Tasks)
                {
                    sb.Append(FormattableString.Invariant($"  - {task.Id}: {task.Title}\n"));
                }
            }
            sb.Append('\n');
        }
        sb.Append(FormattableString.Invariant($"GSD-Milestone: {id}\n"));
        return sb.ToString();
    }

    /// <summary>The project-root ledger receives the worker's metrics before anything is removed; entries already carried are not added twice.</summary>
    private void CarryMetrics(string id)
    {
        var workerFile = GsdPaths.MetricsFile(paths.Worktree(id));
        if (!File.Exists(workerFile))
        {
            return;
        }
        var worker = MetricsLedger.ReadFile(workerFile).Units.Select(u => u with { MilestoneId = id }).ToList();
        var root = new MetricsLedger(paths.ProjectRoot);
        var existing = root.Read().Units.Select(u => (u.MilestoneId, u.Id, u.StartedAt, u.Attempt)).ToHashSet();
        var fresh = worker.Where(u => !existing.Contains((u.MilestoneId, u.Id, u.StartedAt, u.Attempt))).ToList();
        if (fresh.Count > 0)
        {
            root.AppendAll(fresh);
        }
    }

    private int? LiveWorker(string id)
    {
        try
        {
            var status = JsonFile.Read(paths.StatusFile(id), GsdJsonContext.Default.WorkerStatus);
            return status is not null && WorkerStates.IsLive(status.State) && !WorkerHealth.IsDead(status, clock.GetUtcNow(), Timings.FromEnvironment()) ? status.Pid : null;
        }
        catch (GsdException)
        {
            return null;
        }
    }

    private MergeResult Record(MergeResult result, string? integration)
    {
        var outcome = result.Outcome.ToString().ToLowerInvariant();
        _ledger.Update(result.MilestoneId, previous => new MergeRecord(outcome, clock.GetUtcNow(), result.Commit, result.Error, result.ConflictFiles)
        {
            LandedSlices = previous?.LandedSlices ?? [],
            IntegrationBranch = integration ?? previous?.IntegrationBranch,
            Cost = previous?.Cost ?? 0,
        });
        return result;
    }

    private void TryRecord(MergeResult result)
    {
        try
        {
            Record(result, null);
        }
        catch (GsdException)
        {
            // merges.json itself is unreadable; the coordinator still records the failure in its own state.
        }
    }

    private static string At(MergeRecord record) => record.Commit is { Length: >= 8 } c ? $" as {c[..8]}" : string.Empty;

    private static string RunState(MergeOutcome outcome) => outcome switch
    {
        MergeOutcome.Merged => RunStates.Merged,
        MergeOutcome.Conflict => RunStates.Conflict,
        MergeOutcome.Skipped => RunStates.Complete,
        _ => RunStates.Failed,
    };
}
