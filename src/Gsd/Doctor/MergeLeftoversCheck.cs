using System.Text.RegularExpressions;
using Gsd.IO;
using Gsd.Processes;

namespace Gsd.Doctor;

/// <summary>
/// What a killed <c>gsd parallel merge</c> can leave (see <see cref="Merge.MergeEngine"/>): the private index it resolves
/// <c>.gsd/</c> conflicts in (<c>&lt;git dir&gt;/gsd-merge-*.index</c>), and the detached throw-away worktree its pre-merge check
/// runs in (<c>$TMPDIR/gsd-check-&lt;MID&gt;-&lt;id&gt;</c>). Both only hold what gsd can recompute from commits; each is removed
/// when older than a minute and (for the worktree) no process works in it. Its synthetic commits are unreachable objects
/// that <c>git gc</c> drops in time, so they are not reported.
/// </summary>
internal sealed partial class MergeLeftoversCheck : IDoctorCheck
{
    public string Name => "merge leftovers";

    [GeneratedRegex(@"^gsd-check-M\d{3}(-[a-z0-9]{6})?-[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex CheckWorktreeName();

    [GeneratedRegex(@"^gsd-merge-[0-9a-f]{32}\.index(\.lock)?$", RegexOptions.CultureInvariant)]
    private static partial Regex MergeIndexName();

    public async Task<IReadOnlyList<DoctorIssue>> InspectAsync(DoctorContext context, CancellationToken ct)
    {
        if (context.Git is not { } git)
        {
            return [];
        }
        var issues = new List<DoctorIssue>();
        var common = await git.Repository.CommonDirAsync(ct).ConfigureAwait(false);
        foreach (var file in Directory.EnumerateFiles(common).Where(f => MergeIndexName().IsMatch(Path.GetFileName(f))).Order(StringComparer.Ordinal))
        {
            var age = context.Now - File.GetLastWriteTimeUtc(file);
            if (age < DoctorContext.InUseGrace)
            {
                continue;
            }
            issues.Add(new DoctorIssue(DoctorCodes.LeftoverMergeIndex, DoctorSeverity.Warning,
                $"{file}: a temporary index {DoctorContext.Age(age)} old, left by an interrupted `gsd parallel merge`; nothing uses it")
            {
                Fix = _ =>
                {
                    if (!File.Exists(file))
                    {
                        return Task.FromResult(FixResult.Skipped("already gone"));
                    }
                    File.Delete(file);
                    return Task.FromResult(FixResult.Done("removed it"));
                },
            });
        }

        var gitDirs = await git.CheckoutGitDirsAsync(ct).ConfigureAwait(false);
        foreach (var w in await git.Repository.WorktreesAsync(ct).ConfigureAwait(false))
        {
            if (w.IsMain || !w.IsDetached || !CheckWorktreeName().IsMatch(Path.GetFileName(w.Path)) || !Directory.Exists(w.Path))
            {
                continue;
            }
            var admin = gitDirs.FirstOrDefault(g => g.WorktreePath is not null && PathIdentity.Same(g.WorktreePath, w.Path));
            var created = admin is null ? (DateTime?)null : File.GetLastWriteTimeUtc(Path.Combine(admin.GitDir, "commondir"));
            if (created is { } c && context.Now - c < DoctorContext.InUseGrace)
            {
                continue;
            }
            if (ProcessTable.Snapshot().WorkingIn(w.Path) is not null)
            {
                continue; // a pre-merge check is running in it right now
            }
            var path = w.Path;
            issues.Add(new DoctorIssue(DoctorCodes.LeftoverCheckWorktree, DoctorSeverity.Warning,
                $"{path}: a temporary worktree left by an interrupted pre-merge check of `gsd parallel merge`; it holds only a merge result gsd recomputes")
            {
                Fix = async token =>
                {
                    if (ProcessTable.Snapshot().WorkingIn(path) is { } pid)
                    {
                        return FixResult.Skipped($"process {pid} works in it now; left as it is");
                    }
                    await git.RemoveThrowawayWorktreeAsync(path, token).ConfigureAwait(false);
                    return FixResult.Done("removed it (git worktree remove --force)");
                },
            });
        }
        return issues;
    }
}
