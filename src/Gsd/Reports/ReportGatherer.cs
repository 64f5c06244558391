using Gsd.Git;
using Gsd.Layout;
using Gsd.Planning;
using Gsd.Protocol;

namespace Gsd.Reports;

/// <summary>
/// Reads what a milestone report shows: its plan (from the checkout it was worked in, else its worktree, its branch as
/// committed, or the project root), the tries of both metrics ledgers that hold it (the worker's, and the project root's
/// once merged), the files it changed (the merge commit, else the branch against its base, else the commits carrying its
/// <c>GSD-Milestone</c> trailer) and its merge record in merges.json.
/// </summary>
public sealed class ReportGatherer(string projectRoot, TimeProvider clock)
{
    private readonly ParallelPaths _paths = new(projectRoot);
    private readonly GitRepository _repo = new(projectRoot);

    /// <param name="checkout">Where the milestone was worked, when the caller knows (a worker); null: found as described above.</param>
    /// <exception cref="GsdException">An invalid id, or a milestone with no directory, worktree or branch (exit 2).</exception>
    /// <param name="known">What a merge that just landed already read (the branch as committed, the merge commit's files); null: read here.</param>
    public async Task<MilestoneReport> GatherAsync(string milestoneId, string? checkout = null, ReportKnown? known = null, CancellationToken ct = default)
    {
        MilestoneId.Require(milestoneId);
        var branch = MilestoneBranch.Name(milestoneId);
        var (milestone, source) = await LoadPlanAsync(milestoneId, checkout, branch, known?.Branch, ct).ConfigureAwait(false)
            ?? throw new GsdException(
                $"no milestone {milestoneId}: there is no .gsd/milestones/{milestoneId}/ and no branch {branch}. `gsd queue` lists the milestones.",
                ExitCodes.Usage);

        var record = new MergeLedger(_paths).TryRead()?.Milestones.GetValueOrDefault(milestoneId);
        var merge = record is null ? null : new ReportMerge(record.Outcome.ToString().ToLowerInvariant(), record.Commit, record.IntegrationBranch, record.At, record.Error);
        var merged = record is { Outcome: MergeRecordOutcome.Merged, Commit.Length: > 0 };
        var status = merged ? "merged" : milestone.Status.ToString().ToLowerInvariant();
        var slices = milestone.Slices
            .Select(s => new ReportSlice(s.Id, s.Title, s.IsDone || (s.Done is null && s.HasSummary), s.Tasks.Select(t => new ReportTask(t.Id, t.Title, t.Done)).ToList()))
            .ToList();
        var changes = merged && known is not null && record!.Commit == known.MergeCommit
            ? MergeChanges(known.MergeCommit, known.MergeFiles)
            : await ChangesAsync(milestoneId, merged ? record!.Commit : null, milestone.IntegrationBranch ?? record?.IntegrationBranch, ct).ConfigureAwait(false);
        return new MilestoneReport(
            milestoneId,
            milestone.Title.Length == 0 ? milestoneId : milestone.Title,
            status,
            source,
            slices,
            Tries(milestoneId, checkout),
            changes,
            merge,
            clock.GetUtcNow());
    }

    private async Task<(Milestone, string)?> LoadPlanAsync(string id, string? checkout, string branch, BranchMilestone? knownBranch, CancellationToken ct)
    {
        foreach (var candidate in new[] { checkout, _paths.Worktree(id) })
        {
            if (candidate is not null && Directory.Exists(GsdPaths.MilestoneDirectory(candidate, id)))
            {
                return (PlanningLoader.LoadMilestone(candidate, id), PathIdentity(candidate));
            }
        }
        if ((knownBranch ?? await BranchMilestone.LoadAsync(projectRoot, id, ct).ConfigureAwait(false)) is { } onBranch)
        {
            return (onBranch.Milestone, $"{branch} at {onBranch.Tip[..12]}");
        }
        return Directory.Exists(GsdPaths.MilestoneDirectory(projectRoot, id)) ? (PlanningLoader.LoadMilestone(projectRoot, id), PathIdentity(projectRoot)) : null;
    }

    private string PathIdentity(string checkout) =>
        Path.GetFullPath(checkout) == Path.GetFullPath(projectRoot) ? "the project root" : GsdPaths.Relative(projectRoot, checkout);

    /// <summary>The milestone's tries from the worker ledgers and the project root's, each once (a merge copies them over).</summary>
    private List<UnitMetrics> Tries(string id, string? checkout)
    {
        var ledgers = new[] { checkout, _paths.Worktree(id), projectRoot }
            .OfType<string>()
            .Select(c => Path.GetFullPath(GsdPaths.MetricsFile(c)))
            .Distinct(StringComparer.Ordinal);
        var seen = new HashSet<(string, DateTimeOffset, int)>();
        var tries = new List<UnitMetrics>();
        foreach (var ledger in ledgers)
        {
            foreach (var unit in MetricsLedger.ReadFile(ledger).Units)
            {
                var mine = unit.MilestoneId is { } owner ? owner == id : unit.Id == id || unit.Id.StartsWith(id + "/", StringComparison.Ordinal);
                if (mine && seen.Add((unit.Id, unit.StartedAt, unit.Attempt)))
                {
                    tries.Add(unit);
                }
            }
        }
        return tries.OrderBy(t => t.StartedAt).ToList();
    }

    private async Task<ReportChanges> ChangesAsync(string id, string? mergeCommit, string? integration, CancellationToken ct)
    {
        try
        {
            if (mergeCommit is not null && await _repo.CommitOfAsync(mergeCommit, ct).ConfigureAwait(false) is { } commit)
            {
                var files = await _repo.Runner.RunAsync(["diff-tree", "-r", "--root", "--no-commit-id", "--name-only", "--no-renames", "-z", commit], ct: ct).ConfigureAwait(false);
                return MergeChanges(commit, SplitNul(files));
            }
            var branch = MilestoneBranch.Name(id);
            if (await _repo.CommitOfAsync(RefNames.Branch(branch), ct).ConfigureAwait(false) is { } tip)
            {
                integration ??= await _repo.CurrentBranchAsync(ct).ConfigureAwait(false);
                var mergeBase = integration is null ? null : await _repo.MergeBaseAsync(RefNames.Branch(integration), tip, ct).ConfigureAwait(false);
                if (mergeBase is not null)
                {
                    return new ReportChanges($"{branch} against {integration}", await _repo.ChangedFilesAsync(mergeBase, tip, ct).ConfigureAwait(false));
                }
            }
            // Worked in place (solo `gsd auto`): every commit that names the milestone in its trailer.
            var logged = await _repo.Runner.RunAsync(
                ["log", "--format=", "--name-only", "--no-renames", "-z", "--fixed-strings", $"--grep=GSD-Milestone: {id}", "HEAD", "--"], ct: ct).ConfigureAwait(false);
            return new ReportChanges($"the commits on HEAD with the trailer GSD-Milestone: {id}", SplitNul(logged));
        }
        catch (GitException ex)
        {
            return new ReportChanges("git", [], ex.Message);
        }
    }

    private static ReportChanges MergeChanges(string commit, IEnumerable<string> files) =>
        new($"the merge commit {commit[..12]}", files.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());

    private static List<string> SplitNul(string output) =>
        output.Split('\0').Select(p => p.Trim('\n')).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}
