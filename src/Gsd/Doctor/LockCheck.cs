using Gsd.Git;
using Gsd.IO;
using Gsd.Layout;
using Gsd.Processes;

namespace Gsd.Doctor;

/// <summary>
/// Pid locks whose holder is dead (or whose pid now belongs to another process): <c>.gsd/auto.lock</c> in the project and in
/// every worktree, and <c>.gsd/parallel/coordinator.lock</c>. gsd takes such a lock over by itself, so this is a warning; the
/// repair deletes it under the same guard acquirers use, only if it is still the same stale record. An auto.lock naming an
/// interrupted unit is kept while its checkout has uncommitted changes: the next worker there uses it to save them as a
/// <c>wip(&lt;unit&gt;): interrupted</c> commit.
/// </summary>
internal sealed class LockCheck : IDoctorCheck
{
    public string Name => "locks";

    public async Task<IReadOnlyList<DoctorIssue>> InspectAsync(DoctorContext context, CancellationToken ct)
    {
        var issues = new List<DoctorIssue>();
        if (StaleLock(context, context.Paths.CoordinatorLock, "the coordinator lock") is { } coordinator)
        {
            issues.Add(coordinator.Issue with { Fix = _ => Task.FromResult(Remove(context.Paths.CoordinatorLock, coordinator.Record)) });
        }
        foreach (var checkout in await CheckoutsAsync(context, ct).ConfigureAwait(false))
        {
            var path = GsdPaths.AutoLockFile(checkout);
            if (StaleLock(context, path, "a worker lock") is not { } stale)
            {
                continue;
            }
            var pending = stale.Record.UnitId is null ? 0 : await PendingChangesAsync(checkout, ct).ConfigureAwait(false);
            issues.Add(pending == 0
                ? stale.Issue with { Fix = _ => Task.FromResult(Remove(path, stale.Record)) }
                : stale.Issue with
                {
                    NotFixableReason = $"it records the interrupted unit {stale.Record.UnitId} and {context.Display(checkout)} has uncommitted changes: "
                        + "the next `gsd auto` there (or a restarted worker) saves them as a wip commit using this lock; do that, or commit them yourself, then run `gsd doctor --fix` again",
                });
        }
        return issues;
    }

    private static (DoctorIssue Issue, LockRecord Record)? StaleLock(DoctorContext context, string path, string what)
    {
        var record = PidLock.Read(path);
        if (record is null || record.Owner.IsAlive())
        {
            return null;
        }
        var holder = record.Pid <= 0
            ? "is unreadable (not a lock gsd wrote)"
            : record.ProcessStartedAt <= 0
            ? $"names pid {record.Pid} without a process start time (unverifiable: not a lock gsd wrote; that pid is never signalled)"
            : $"names pid {record.Pid}, which {(ProcessIdentity.IsPidAlive(record.Pid) ? "now belongs to another process" : "is gone")} (taken {DoctorContext.Age(context.Now - record.StartedAt)} ago"
              + (record.UnitId is null ? ")" : $", during {record.UnitType} {record.UnitId})");
        var message = $"{context.Display(path)}: {what} that {holder}; gsd takes a stale lock over by itself";
        return (new DoctorIssue(DoctorCodes.StaleLock, DoctorSeverity.Warning, message), record);
    }

    private static FixResult Remove(string path, LockRecord seen)
    {
        // The guard acquirers hold while they read and write the lock: nobody can take it between our check and the delete.
        using var guard = FileGuard.Acquire(path + ".guard.lock");
        var current = PidLock.Read(path);
        if (current is null)
        {
            return FixResult.Skipped("already gone");
        }
        if (current != seen || current.Owner.IsAlive())
        {
            return FixResult.Skipped($"pid {current.Pid} holds it now; left as it is");
        }
        File.Delete(path);
        return FixResult.Done("removed the stale lock");
    }

    /// <summary>The project root, every linked worktree git knows whose directory exists, and every directory under .gsd/worktrees/.</summary>
    private static async Task<List<string>> CheckoutsAsync(DoctorContext context, CancellationToken ct)
    {
        var candidates = new List<string> { context.Root };
        if (context.Git is { } git)
        {
            candidates.AddRange((await git.Repository.WorktreesAsync(ct).ConfigureAwait(false)).Where(w => !w.IsMain).Select(w => w.Path));
        }
        if (Directory.Exists(context.Paths.WorktreesDirectory))
        {
            candidates.AddRange(Directory.EnumerateDirectories(context.Paths.WorktreesDirectory).Order(StringComparer.Ordinal));
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return candidates.Where(Directory.Exists).Where(c => seen.Add(PathIdentity.Canonical(c))).ToList();
    }

    private static async Task<int> PendingChangesAsync(string checkout, CancellationToken ct)
    {
        try
        {
            // As the worker counts them: code and planning changes, not gsd's own runtime files under .gsd/.
            var status = await new GitRepository(checkout).StatusPorcelainAsync(includeUntracked: true, ct).ConfigureAwait(false);
            return status.Count(s => !GsdPaths.IsGsdPath(s.Path) || GsdPaths.IsPlanningPath(s.Path));
        }
        catch (GitException)
        {
            // Cannot tell: keep the lock, it may be what saves that work.
            return 1;
        }
    }
}
