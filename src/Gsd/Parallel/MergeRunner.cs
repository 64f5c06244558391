using System.Text;
using System.Text.Json;
using Gsd.Auto;
using Gsd.Git;
using Gsd.IO;
using Gsd.Planning;
using Gsd.Preferences;

namespace Gsd.Parallel;

/// <summary>
/// The merge queue (DESIGN §7): squash-merges completed milestone branches into their integration branch in id order,
/// lands completed slices under per-slice, predicts conflicts, and cleans up a branch and worktree only once their work
/// is proven to be on the integration branch. Every outcome is recorded in merges.json.
/// </summary>
public sealed class MergeRunner(ParallelPaths paths, GsdPreferences prefs, TimeProvider clock) : IMilestoneMerger
{
    private readonly MergeLedger _ledger = new(paths);

    public static IMilestoneMerger? ForCoordinator(ParallelPaths paths, GsdPreferences prefs, TimeProvider clock) => new MergeRunner(paths, prefs, clock);

    /// <summary>Milestones whose branch is complete and not merged yet, in id order.</summary>
    public async Task<IReadOnlyList<string>> CandidatesAsync(CancellationToken ct = default)
    {
        var branches = await new BranchQueries(paths.ProjectRoot).MilestoneBranchesAsync(ct).ConfigureAwait(false);
        var ledger = _ledger.Read();
        var list = new List<string>();
        foreach (var branch in branches)
        {
            var id = branch["milestone/".Length..];
            if (!MilestoneId.IsValid(id) || ledger.Milestones.GetValueOrDefault(id)?.Outcome == "merged")
            {
                continue;
            }
            if (await IsCompleteOnBranchAsync(id, ct).ConfigureAwait(false))
            {
                list.Add(id);
            }
        }
        return list.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Merges each in order; after a conflict or failure the rest are reported as not attempted.</summary>
    public async Task<IReadOnlyList<MergeResult>> MergeAllAsync(IReadOnlyList<string> ids, CancellationToken ct = default)
    {
        var results = new List<MergeResult>();
        string? haltedBy = null;
        foreach (var id in ids)
        {
            if (haltedBy is not null)
            {
                results.Add(MergeResult.Skipped(id, $"not attempted: the merge of {haltedBy} did not land; resolve it first"));
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

    public async Task<MergeResult> MergeOneAsync(string id, CancellationToken ct = default)
    {
        if (!MilestoneId.IsValid(id))
        {
            throw new GsdException($"'{id}' is not a milestone id (M###).", ExitCodes.Usage);
        }
        var branch = ParallelPaths.Branch(id);
        var repo = new GitRepository(paths.ProjectRoot);
        if (!await repo.BranchExistsAsync(branch, ct).ConfigureAwait(false))
        {
            return Record(MergeResult.Skipped(id, $"there is no branch {branch}"), null);
        }
        if (LiveWorker(id) is { } pid)
        {
            return Record(MergeResult.Skipped(id, $"its worker (pid {pid}) is still running; merge once it is complete"), null);
        }
        if (!await IsCompleteOnBranchAsync(id, ct).ConfigureAwait(false))
        {
            return Record(MergeResult.Skipped(id, $"{id} is not complete on {branch} (no {id}-SUMMARY.md, or it is a failure report)"), null);
        }
        var integration = await IntegrationBranchAsync(id, repo, ct).ConfigureAwait(false);
        var milestone = MilestoneFromWorktree(id);
        CarryMetrics(id);
        var request = new MergeRequest(paths.ProjectRoot, id, branch, integration, CommitMessage(id, milestone))
        {
            PreMergeCheck = prefs.Git.PreMergeCheck,
        };
        var result = await MergeEngine.SquashMergeAsync(request, ct).ConfigureAwait(false);
        Record(result, integration);
        if (result.Outcome == MergeOutcome.Merged)
        {
            var cleanup = await new Containment(paths.ProjectRoot).SafeRemoveAsync(branch, integration, ct).ConfigureAwait(false);
            if (!cleanup.Removed)
            {
                return result with { Error = $"merged; kept {branch} and its worktree: {cleanup.Reason}" };
            }
        }
        return result;
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
            Record(MergeResult.Failed(milestoneId, ex.Message), null);
            return new MergeSummary(RunStates.Failed, null, ex.Message, []);
        }
    }

    async Task<IReadOnlyList<MergeSummary>> IMilestoneMerger.LandSlicesAsync(string milestoneId)
    {
        try
        {
            var landed = await LandCompletedSlicesAsync(milestoneId).ConfigureAwait(false);
            return landed.Select(r => new MergeSummary(RunState(r.Outcome), r.Commit, r.Error, r.ConflictFiles)).ToList();
        }
        catch (Exception ex) when (ex is GsdException or GitException or IOException)
        {
            return [new MergeSummary(RunStates.Failed, null, ex.Message, [])];
        }
    }

    async Task<IReadOnlyList<PredictedConflict>> IMilestoneMerger.PredictAsync(IReadOnlyList<string> activeMilestones)
    {
        try
        {
            return await PredictAsync(activeMilestones).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is GsdException or GitException or IOException)
        {
            // A prediction is advice; failing to make one must not stop the run. The next unit commit tries again.
            Console.Error.WriteLine($"gsd: conflict prediction failed: {ex.Message}");
            return [];
        }
    }

    /// <summary>per-slice: lands each slice the branch completed since the last landing as its own squash commit.</summary>
    public async Task<IReadOnlyList<MergeResult>> LandCompletedSlicesAsync(string id, CancellationToken ct = default)
    {
        var results = new List<MergeResult>();
        var worktree = paths.Worktree(id);
        if (!Directory.Exists(worktree))
        {
            return results;
        }
        var milestone = PlanningLoader.LoadMilestone(worktree, id);
        var landed = _ledger.Find(id)?.LandedSlices ?? [];
        var repo = new GitRepository(paths.ProjectRoot);
        var integration = await IntegrationBranchAsync(id, repo, ct).ConfigureAwait(false);
        var queries = new BranchQueries(paths.ProjectRoot);
        foreach (var slice in milestone.Slices.Where(s => s.IsDone && !landed.Contains(s.Id)))
        {
            var unit = $"{id}/{slice.Id}";
            var commit = await queries.UnitCommitAsync(ParallelPaths.Branch(id), unit, $"feat({unit}): complete slice", ct).ConfigureAwait(false);
            if (commit is null)
            {
                continue;
            }
            var message = $"feat({unit}): {slice.Title}\n\n{string.Join('\n', slice.Tasks.Select(t => $"- {t.Id}: {t.Title}"))}\n\nGSD-Milestone: {id}\nGSD-Unit: {unit}\n";
            var request = new MergeRequest(paths.ProjectRoot, id, ParallelPaths.Branch(id), integration, message) { PreMergeCheck = prefs.Git.PreMergeCheck };
            var result = await MergeEngine.LandSliceAsync(request, commit, ct).ConfigureAwait(false);
            results.Add(result);
            if (result.Outcome != MergeOutcome.Merged)
            {
                Record(result, integration);
                break;
            }
            _ledger.Update(id, r => (r ?? new MergeRecord("pending", clock.GetUtcNow(), null, null, [])) with { LandedSlices = [.. landed, slice.Id], IntegrationBranch = integration });
            landed = [.. landed, slice.Id];
        }
        return results;
    }

    /// <summary>Conflicts merge-tree predicts for each active branch against the integration branch and between each pair.</summary>
    public async Task<IReadOnlyList<PredictedConflict>> PredictAsync(IReadOnlyList<string> activeMilestones, CancellationToken ct = default)
    {
        if (activeMilestones.Count == 0)
        {
            return [];
        }
        var repo = new GitRepository(paths.ProjectRoot);
        var integration = await IntegrationBranchAsync(activeMilestones[0], repo, ct).ConfigureAwait(false);
        var branches = activeMilestones.Select(ParallelPaths.Branch).ToList();
        var predictions = await new ConflictPredictor(paths.ProjectRoot).PredictAsync(integration, branches, ct).ConfigureAwait(false);
        return predictions
            .Where(p => p.HasConflict)
            .Select(p => new PredictedConflict(Mid(p.Left) ?? p.Left, Mid(p.Right), p.Files))
            .Select(p => p.A == integration ? p with { A = p.B ?? p.A, B = null } : p)
            .ToList();

        string? Mid(string branch) => branch == integration ? null : RefNames.MilestoneOfBranch(branch) ?? branch;
    }

    private async Task<bool> IsCompleteOnBranchAsync(string id, CancellationToken ct)
    {
        var worktree = paths.Worktree(id);
        if (Directory.Exists(Path.Combine(worktree, ".gsd")))
        {
            return PlanningLoader.LoadMilestone(worktree, id).IsComplete;
        }
        return await new BranchQueries(paths.ProjectRoot).FileExistsAsync(ParallelPaths.Branch(id), $".gsd/milestones/{id}/{id}-SUMMARY.md", ct).ConfigureAwait(false);
    }

    private Milestone? MilestoneFromWorktree(string id)
    {
        var worktree = paths.Worktree(id);
        return Directory.Exists(Path.Combine(worktree, ".gsd")) ? PlanningLoader.LoadMilestone(worktree, id) : null;
    }

    private async Task<string> IntegrationBranchAsync(string id, GitRepository repo, CancellationToken ct)
    {
        var meta = PlanningPaths.MetaFile(paths.Worktree(id), id);
        if (File.Exists(meta))
        {
            try
            {
                using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(meta, ct).ConfigureAwait(false));
                if (doc.RootElement.TryGetProperty("integrationBranch", out var b) && b.GetString() is { Length: > 0 } name)
                {
                    return name;
                }
            }
            catch (JsonException)
            {
                // Fall back to the preference or the checked-out branch; the META file is the worker's, not ours to fix.
            }
        }
        return await new WorktreeProvisioner(paths, prefs).IntegrationBranchAsync(repo).ConfigureAwait(false);
    }

    private static string CommitMessage(string id, Milestone? m)
    {
        var sb = new StringBuilder();
        sb.Append(FormattableString.Invariant($"feat({id}): {(m is null || m.Title.Length == 0 ? id : m.Title)}\n\n"));
        if (m is not null)
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
        var workerFile = Path.Combine(paths.Worktree(id), ".gsd", "metrics.json");
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
            return status is not null && WorkerStates.IsLive(status.State) && !WorkerHealth.IsDead(status, clock.GetUtcNow()) ? status.Pid : null;
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

    private static string RunState(MergeOutcome outcome) => outcome switch
    {
        MergeOutcome.Merged => RunStates.Merged,
        MergeOutcome.Conflict => RunStates.Conflict,
        MergeOutcome.Skipped => RunStates.Complete,
        _ => RunStates.Failed,
    };
}
