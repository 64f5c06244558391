using Gsd.Processes;

namespace Gsd.Doctor;

/// <summary>
/// An <c>index.lock</c> in the main git dir or a worktree's, older than a minute while no git process works in the
/// repository: left by a git command that was killed, and it makes every later one fail. The repair deletes it, re-checking
/// both conditions first (this is what git's own message advises).
/// </summary>
internal sealed class IndexLockCheck : IDoctorCheck
{
    public string Name => "index locks";

    public async Task<IReadOnlyList<DoctorIssue>> InspectAsync(DoctorContext context, CancellationToken ct)
    {
        if (context.Git is not { } git)
        {
            return [];
        }
        var gitDirs = await git.CheckoutGitDirsAsync(ct).ConfigureAwait(false);
        // Where a git command on this repository would run: any checkout, or the git dir itself.
        var places = gitDirs.Select(g => g.WorktreePath).OfType<string>().Append(gitDirs[0].GitDir).Where(Directory.Exists).ToList();
        var issues = new List<DoctorIssue>();
        foreach (var gitDir in gitDirs)
        {
            var lockFile = Path.Combine(gitDir.GitDir, "index.lock");
            if (!File.Exists(lockFile))
            {
                continue;
            }
            var age = context.Now - File.GetLastWriteTimeUtc(lockFile);
            if (age < DoctorContext.InUseGrace)
            {
                continue;
            }
            var where = gitDir.IsMain ? "the main checkout" : context.Display(gitDir.WorktreePath ?? gitDir.GitDir);
            var message = $"{lockFile}: an index lock {DoctorContext.Age(age)} old in {where}, left by a git command that did not finish; "
                + "git commands there fail with \"index.lock': File exists\"";
            var issue = new DoctorIssue(DoctorCodes.StaleIndexLock, DoctorSeverity.Warning, message);
            if (ProcessTable.Snapshot().GitWorkingIn(places) is { } pid)
            {
                issues.Add(issue with { NotFixableReason = $"git (pid {pid}) is running in this repository; run `gsd doctor --fix` again once it ends" });
                continue;
            }
            issues.Add(issue with
            {
                Fix = _ =>
                {
                    if (!File.Exists(lockFile))
                    {
                        return Task.FromResult(FixResult.Skipped("already gone"));
                    }
                    if (context.Now - File.GetLastWriteTimeUtc(lockFile) < DoctorContext.InUseGrace)
                    {
                        return Task.FromResult(FixResult.Skipped("it was just rewritten: a git command is using it"));
                    }
                    if (ProcessTable.Snapshot().GitWorkingIn(places) is { } running)
                    {
                        return Task.FromResult(FixResult.Skipped($"git (pid {running}) started in this repository; left as it is"));
                    }
                    File.Delete(lockFile);
                    return Task.FromResult(FixResult.Done("removed it (no git process was running in the repository)"));
                },
            });
        }
        return issues;
    }
}
