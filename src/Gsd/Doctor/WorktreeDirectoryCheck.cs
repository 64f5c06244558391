using Gsd.Git;
using Gsd.IO;
using Gsd.Processes;

namespace Gsd.Doctor;

/// <summary>
/// Worktrees git knows whose directory is gone (repair: forget that entry, as <c>git worktree prune</c> would; the branch
/// stays), and directories under .gsd/worktrees/ git does not know (repair: delete only when they hold nothing that exists
/// nowhere else, see <see cref="OrphanContents"/>; otherwise the message gives the command to run after saving what matters).
/// </summary>
internal sealed class WorktreeDirectoryCheck : IDoctorCheck
{
    public string Name => "worktrees";

    public async Task<IReadOnlyList<DoctorIssue>> InspectAsync(DoctorContext context, CancellationToken ct)
    {
        if (context.Git is not { } git)
        {
            return [];
        }
        var issues = new List<DoctorIssue>();
        var worktrees = await git.Repository.WorktreesAsync(ct).ConfigureAwait(false);
        foreach (var w in worktrees.Where(w => !w.IsMain && !Directory.Exists(w.Path)))
        {
            issues.Add(Missing(context, git, w));
        }
        if (!Directory.Exists(context.Paths.WorktreesDirectory))
        {
            return issues;
        }
        foreach (var dir in Directory.EnumerateDirectories(context.Paths.WorktreesDirectory).Order(StringComparer.Ordinal))
        {
            if (worktrees.Any(w => PathIdentity.Same(w.Path, dir)) || new DirectoryInfo(dir).LinkTarget is not null)
            {
                continue;
            }
            issues.Add(await OrphanAsync(context, git, dir, ct).ConfigureAwait(false));
        }
        return issues;
    }

    private static DoctorIssue Missing(DoctorContext context, DoctorGitQueries git, WorktreeInfo w)
    {
        var on = w.BranchName is null ? "a detached HEAD" : $"branch {w.BranchName}";
        var message = $"git still lists worktree {context.Display(w.Path)} ({on}) but its directory is gone"
            + (w.BranchName is null ? string.Empty : $"; git refuses to check {w.BranchName} out anywhere else until it is forgotten");
        var issue = new DoctorIssue(DoctorCodes.MissingWorktreeDirectory, DoctorSeverity.Warning, message);
        if (w.IsLocked)
        {
            return issue with { NotFixableReason = $"it is locked (maybe on a removable disk); if it is really gone: git worktree unlock {DoctorContext.Quote(w.Path)} && git worktree prune" };
        }
        return issue with
        {
            Fix = async token =>
            {
                if (Directory.Exists(w.Path))
                {
                    return FixResult.Skipped("its directory is back; left as it is");
                }
                await git.ForgetMissingWorktreeAsync(w.Path, token).ConfigureAwait(false);
                return FixResult.Done($"forgot it (like `git worktree prune`, for this entry only){(w.BranchName is null ? string.Empty : $"; branch {w.BranchName} is kept")}");
            },
        };
    }

    private static async Task<DoctorIssue> OrphanAsync(DoctorContext context, DoctorGitQueries git, string dir, CancellationToken ct)
    {
        var display = context.Display(dir);
        var contents = await OrphanContents.InspectAsync(dir, git, ct).ConfigureAwait(false);
        var what = contents.FileCount == 0 && contents.Unique.Count == 0
            ? "it is empty"
            : contents.IsRemovable
                ? $"its {contents.FileCount} file(s) are all on {contents.Branch} as they are"
                : $"it holds {contents.Unique.Count} file(s) found nowhere else{(contents.Branch is null ? string.Empty : $" (not on {contents.Branch})")}: "
                  + $"{DoctorContext.List(contents.Unique)}; copy out what you need, then remove it yourself with rm -rf {DoctorContext.Quote(display)}";
        var issue = new DoctorIssue(DoctorCodes.OrphanWorktreeDirectory, DoctorSeverity.Warning, $"{display} is not a worktree git knows; {what}");
        if (!contents.IsRemovable)
        {
            return issue with
            {
                NotFixableReason = "doctor never deletes files that exist nowhere else",
            };
        }
        return issue with
        {
            Fix = async token =>
            {
                var worktrees = await git.Repository.WorktreesAsync(token).ConfigureAwait(false);
                if (worktrees.Any(w => PathIdentity.Same(w.Path, dir)))
                {
                    return FixResult.Skipped("git knows it as a worktree now; left as it is");
                }
                if (ProcessTable.Snapshot().WorkingIn(dir) is { } pid)
                {
                    return FixResult.Skipped($"process {pid} works in it; left as it is");
                }
                var now = await OrphanContents.InspectAsync(dir, git, token).ConfigureAwait(false);
                if (!now.IsRemovable)
                {
                    return FixResult.Skipped($"it now holds files found nowhere else ({DoctorContext.List(now.Unique)}); left as it is");
                }
                Directory.Delete(dir, recursive: true);
                return FixResult.Done($"removed {display} (nothing in it existed only there)");
            },
        };
    }
}
