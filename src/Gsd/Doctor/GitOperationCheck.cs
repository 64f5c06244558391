using Gsd.Git;
using Gsd.Layout;
using Gsd.Processes;

namespace Gsd.Doctor;

/// <summary>
/// A merge, cherry-pick, revert or rebase left in progress in the main checkout or a worktree (MERGE_HEAD, CHERRY_PICK_HEAD,
/// REVERT_HEAD, rebase-merge/, rebase-apply/). Ended by the repair only when it has no changes left (nothing staged,
/// modified or unmerged) and no git process works there, so ending it discards nothing; otherwise the message gives the
/// exact commands. A rebase is never ended for the user.
/// </summary>
internal sealed class GitOperationCheck : IDoctorCheck
{
    private static string Code(GitOperationMarker marker) => marker.Operation switch
    {
        "merge" => DoctorCodes.MergeInProgress,
        "cherry-pick" => DoctorCodes.CherryPickInProgress,
        "revert" => DoctorCodes.RevertInProgress,
        _ => throw new InvalidOperationException($"no doctor code for a {marker.Operation} in progress"),
    };

    public string Name => "git operations in progress";

    public async Task<IReadOnlyList<DoctorIssue>> InspectAsync(DoctorContext context, CancellationToken ct)
    {
        if (context.Git is not { } git)
        {
            return [];
        }
        var issues = new List<DoctorIssue>();
        foreach (var gitDir in await git.CheckoutGitDirsAsync(ct).ConfigureAwait(false))
        {
            if (gitDir.WorktreePath is not { } checkout || !Directory.Exists(checkout))
            {
                continue;
            }
            var where = gitDir.IsMain ? "the main checkout" : context.Display(checkout);
            var prefix = gitDir.IsMain ? "git" : $"git -C {DoctorContext.Quote(context.Display(checkout))}";
            if (GitOperationMarkers.IsRebasing(gitDir.GitDir))
            {
                issues.Add(new DoctorIssue(DoctorCodes.RebaseInProgress, DoctorSeverity.Warning,
                    $"{where}: a rebase is in progress; finish it with `{prefix} rebase --continue` or give it up with `{prefix} rebase --abort`")
                {
                    NotFixableReason = "a rebase holds your work in progress: only you can decide how it ends",
                });
            }
            foreach (var found in GitOperationMarkers.Present(gitDir.GitDir))
            {
                var (marker, operation, code) = (found.File, found.Operation, Code(found));
                var changed = await ChangedFilesAsync(checkout, ct).ConfigureAwait(false);
                var end = operation == "merge" ? "--abort" : "--quit";
                var issue = new DoctorIssue(code, DoctorSeverity.Warning, changed.Count == 0
                    ? $"{where}: a {operation} was left in progress ({marker} exists) with no changes left in it"
                    : $"{where}: a {operation} is in progress ({marker} exists) with {changed.Count} changed file(s) ({DoctorContext.List(changed)}); "
                      + $"finish it (resolve, `{prefix} add`, `{prefix} commit`) or give it up with `{prefix} {operation} --abort` (discards those changes)");
                if (changed.Count > 0)
                {
                    issues.Add(issue with { NotFixableReason = "ending it would discard those changes" });
                    continue;
                }
                issues.Add(issue with
                {
                    Fix = async token =>
                    {
                        if (!GitOperationMarkers.IsPresent(gitDir.GitDir, found))
                        {
                            return FixResult.Skipped("it ended meanwhile");
                        }
                        if (ProcessTable.Snapshot().WorkingIn(checkout, "git") is { } pid)
                        {
                            return FixResult.Skipped($"git (pid {pid}) is working there; left as it is");
                        }
                        var now = await ChangedFilesAsync(checkout, token).ConfigureAwait(false);
                        if (now.Count > 0)
                        {
                            return FixResult.Skipped($"it has changes now ({DoctorContext.List(now)}); left as it is");
                        }
                        await DoctorGitQueries.EndOperationAsync(checkout, operation, token).ConfigureAwait(false);
                        return FixResult.Done($"ended it with `{prefix} {operation} {end}` (there was nothing to lose)");
                    },
                });
            }
        }
        return issues;
    }

    /// <summary>Tracked files staged, modified or unmerged in the checkout (untracked files are not touched by ending the operation).</summary>
    private static async Task<List<string>> ChangedFilesAsync(string checkout, CancellationToken ct) =>
        (await new GitRepository(checkout).StatusPorcelainAsync(includeUntracked: false, ct).ConfigureAwait(false))
            .Where(s => s.IsTrackedChange)
            .Select(s => s.Path)
            .ToList();
}
