using System.Text;
using Gsd.Git;
using Gsd.IO;
using Gsd.Layout;
using Gsd.Planning;
using Gsd.Preferences;
using Gsd.Protocol;
using Gsd.Reports;

namespace Gsd.Merge;

/// <summary>
/// The merge queue (ARCHITECTURE §7): squash-merges completed milestone branches into their integration branch in id order,
/// one at a time per project (<see cref="MergeLock"/>), skipping those not eligible (no branch, a live worker, not complete),
/// and records every outcome in merges.json. Slices are landed by <see cref="SliceLanding"/>, branches and worktrees removed
/// by <see cref="MergeCleanup"/>. What a merge looks at is the branch as committed, never the worktree's uncommitted files.
/// </summary>
/// <param name="warnings">Where advice that failed is reported (a conflict prediction); null: nowhere.</param>
public sealed class MilestoneMerger(ParallelPaths paths, GsdPreferences prefs, TimeProvider clock, TextWriter? warnings = null) : IMilestoneMerger
{
    /// <summary>How long a merge waits for another one (a pre-merge check may run for a while) before saying so.</summary>
    public static readonly TimeSpan LockWait = TimeSpan.FromMinutes(10);

    private readonly MilestoneBranches _branches = new(paths, prefs);
    private readonly MergeRecorder _recorder = new(paths, clock);
    private readonly MergeCleanup _cleanup = new(paths);
    private readonly HashSet<string> _foundLanded = new(StringComparer.Ordinal);
    private readonly Timings _timings = Timings.FromEnvironment();

    public static IMilestoneMerger? ForCoordinator(ParallelPaths paths, GsdPreferences prefs, TimeProvider clock, TextWriter? warnings = null) => new MilestoneMerger(paths, prefs, clock, warnings);

    /// <summary>
    /// Milestones whose branch is complete, in id order: those not merged yet, and those merged whose branch is still there
    /// (its cleanup was interrupted or refused, or it gained commits since) — merging them again lands what is new and
    /// finishes the cleanup.
    /// </summary>
    public async Task<IReadOnlyList<string>> CandidatesAsync(CancellationToken ct = default)
    {
        var branches = await new BranchQueries(paths.ProjectRoot).MilestoneBranchTipsAsync(ct).ConfigureAwait(false);
        var list = new List<string>();
        foreach (var (branch, tip) in branches)
        {
            var id = MilestoneBranch.MilestoneOf(branch);
            if (id is not null && (await _branches.LoadAtAsync(id, tip, ct).ConfigureAwait(false))?.Milestone.IsComplete == true)
            {
                list.Add(id);
            }
        }
        return list.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>True when a result leaves the milestone's work on its integration branch: merged now, or found there already.</summary>
    public bool IsOnIntegrationBranch(MergeResult result) =>
        result.Outcome == MergeOutcome.Merged || (result.Outcome == MergeOutcome.Skipped && _foundLanded.Contains(result.MilestoneId));

    /// <summary>
    /// Whether a `merge` succeeded (exit 0): for all, no conflict or failure (the rest were then not attempted); for one
    /// named, only when it landed.
    /// </summary>
    public bool Succeeded(IReadOnlyList<MergeResult> results, bool oneNamed) =>
        oneNamed
            ? results.All(IsOnIntegrationBranch)
            : results.All(r => r.Outcome is not (MergeOutcome.Conflict or MergeOutcome.Failed));

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
        if (Directory.Exists(GsdPaths.MilestoneDirectory(paths.ProjectRoot, id)) || _recorder.Find(id) is not null
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
        MilestoneId.Require(id);
        var branch = MilestoneBranch.Name(id);
        await RequireKnownMilestoneAsync(id, branch, ct).ConfigureAwait(false);
        using var mergeLock = await MergeLock.AcquireAsync(paths, clock, LockWait, ct).ConfigureAwait(false);
        var previous = _recorder.Find(id);
        var snapshot = await _branches.LoadAsync(id, ct).ConfigureAwait(false);
        if (snapshot is null)
        {
            var repo = new GitRepository(paths.ProjectRoot);
            if (await repo.BranchExistsAsync(branch, ct).ConfigureAwait(false))
            {
                return MergeResult.Skipped(id, $"{branch} has no .gsd/milestones/{id}/: it is not a branch gsd made for {id}; nothing was merged");
            }
            if (previous?.Outcome == MergeRecordOutcome.Merged)
            {
                return MergeResult.Merged(id, previous.Commit ?? string.Empty) with { Error = $"already merged{At(previous)}; its branch and worktree are gone" };
            }
            // A branch deleted by hand: a conflict or failure recorded for it no longer holds the milestone back.
            return _recorder.Record(MergeResult.Skipped(id, $"there is no branch {branch}; nothing to merge"), null);
        }
        if (LiveWorker(id) is { } pid)
        {
            return MergeResult.Skipped(id, $"its worker (pid {pid}) is still running; merge once it is complete");
        }
        if (!snapshot.Milestone.IsComplete)
        {
            return MergeResult.Skipped(id, $"{id} is not complete on {branch} (no committed {id}-SUMMARY.md, or it is a failure report)");
        }

        var integration = await _branches.IntegrationBranchAsync(id, snapshot, ct).ConfigureAwait(false);
        var request = new MergeRequest(paths.ProjectRoot, id, branch, integration, CommitMessage(id, snapshot.Milestone))
        {
            PreMergeCheck = prefs.Git.PreMergeCheck,
            // Land exactly what was read above: a commit the worker (or anyone) adds meanwhile waits for the next merge.
            SourceCommit = snapshot.Tip,
        };
        MergeResult result;
        LandedSquash? landedNow;
        try
        {
            (result, landedNow) = await MergeEngine.MergeAsync(request, ct).ConfigureAwait(false);
        }
        catch (GitException ex)
        {
            return _recorder.Record(MergeResult.Failed(id, $"{ex.Message}\nNothing was merged; {branch} and its worktree are kept."), integration);
        }

        switch (result.Outcome)
        {
            case MergeOutcome.Merged:
                _recorder.Record(result, integration);
                await RefreshReportAsync(id, landedNow is null ? null : new ReportKnown(snapshot, landedNow.Commit, landedNow.ChangedFiles), ct).ConfigureAwait(false);
                return await _cleanup.FinishAsync(result, branch, integration, landedNow, ct).ConfigureAwait(false);
            case MergeOutcome.Skipped:
                // Nothing to merge: the integration branch has all of it (merged earlier, with the cleanup interrupted or refused).
                var landed = previous?.Outcome == MergeRecordOutcome.Merged && previous.Commit is { Length: > 0 } commit
                    ? MergeResult.Merged(id, commit) with { Error = $"already merged{At(previous)}" }
                    : result;
                _foundLanded.Add(id);
                _recorder.Record(landed with { Outcome = MergeOutcome.Merged }, integration);
                await RefreshReportAsync(id, null, ct).ConfigureAwait(false);
                return await _cleanup.FinishAsync(landed, branch, integration, null, ct).ConfigureAwait(false);
            default:
                return _recorder.Record(result, integration);
        }
    }

    async Task<MergeSummary> IMilestoneMerger.MergeAsync(string milestoneId)
    {
        try
        {
            var r = await MergeOneAsync(milestoneId).ConfigureAwait(false);
            return new MergeSummary(SummaryState(r.Outcome), r.Commit, r.Error, r.ConflictFiles);
        }
        catch (Exception ex) when (ex is GsdException or GitException or IOException)
        {
            _recorder.TryRecord(MergeResult.Failed(milestoneId, ex.Message));
            return new MergeSummary(RunState.Failed, null, ex.Message, []);
        }
    }

    async Task<IReadOnlyList<MergeSummary>> IMilestoneMerger.LandSlicesAsync(string milestoneId)
    {
        try
        {
            var results = await LandCompletedSlicesAsync(milestoneId).ConfigureAwait(false);
            return results.Select(r => new MergeSummary(SummaryState(r.Outcome), r.Commit, r.Error, r.ConflictFiles)).ToList();
        }
        catch (Exception ex) when (ex is GsdException or GitException or IOException)
        {
            return [new MergeSummary(RunState.Failed, null, ex.Message, [])];
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
        MilestoneId.Require(id);
        using var mergeLock = await MergeLock.AcquireAsync(paths, clock, LockWait, ct).ConfigureAwait(false);
        return await new SliceLanding(paths, prefs, _branches, _recorder).LandAsync(id, ct).ConfigureAwait(false);
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
        var integration = await _branches.IntegrationBranchAsync(existing[0], await _branches.LoadAsync(existing[0], ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        var branches = existing.Select(MilestoneBranch.Name).ToList();
        var predictions = await new ConflictPredictor(paths.ProjectRoot).PredictAsync(integration, branches, ct).ConfigureAwait(false);
        return predictions
            .Where(p => p.HasConflict)
            .Select(p => new MilestoneConflict(Mid(p.Left) ?? p.Left, Mid(p.Right), p.Files))
            .Select(p => p.A == integration ? p with { A = p.B ?? p.A, B = null } : p)
            .ToList();

        string? Mid(string branch) => branch == integration ? null : MilestoneBranch.MilestoneOf(branch) ?? branch;
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

    /// <summary>
    /// Rewrites the milestone's report now that merges.json names its merge commit — before the cleanup removes the worktree
    /// whose plan and ledger it reads. A report is a by-product: failing to write one is a warning, never a failed merge.
    /// </summary>
    /// <param name="known">What the merge already read (the branch as committed, the merge commit's files), so the report need not ask git again.</param>
    private async Task RefreshReportAsync(string id, ReportKnown? known, CancellationToken ct)
    {
        var (_, error) = await new ReportWriter(paths.ProjectRoot, clock).TryWriteAsync(id, known: known, ct: ct).ConfigureAwait(false);
        if (error is not null)
        {
            warnings?.WriteLine($"gsd: {error}");
        }
    }

    private int? LiveWorker(string id)
    {
        try
        {
            var status = JsonFile.Read(paths.StatusFile(id), GsdJsonContext.Default.WorkerStatus);
            return status is not null && WorkerStates.IsLive(status.State) && !WorkerHealth.IsDead(status, clock.GetUtcNow(), _timings) ? status.Pid : null;
        }
        catch (GsdException)
        {
            return null;
        }
    }

    private static string At(MergeRecord record) => record.Commit is { Length: >= 8 } c ? $" as {c[..8]}" : string.Empty;

    private static RunState SummaryState(MergeOutcome outcome) => outcome switch
    {
        MergeOutcome.Merged => RunState.Merged,
        MergeOutcome.Conflict => RunState.Conflict,
        MergeOutcome.Skipped => RunState.Complete,
        _ => RunState.Failed,
    };
}
