using Gsd.Processes;
using Gsd.Protocol;

namespace Gsd.Tests.Doctor;

/// <summary>Report-only writes nothing; --fix repairs every fixable finding so a second run is clean; works from inside a worktree.</summary>
public sealed class DoctorSafetyTests
{
    /// <summary>One of each fixable kind of breakage.</summary>
    private static void BreakEverythingFixable(DoctorProject p)
    {
        var worktree = p.AddWorktree("M001");
        p.AddWorktree("M002");
        Directory.Delete(p.WorktreePath("M002"), recursive: true);
        Directory.CreateDirectory(p.WorktreePath("M007"));
        p.WriteStatus(DoctorProject.Status("M001", DoctorProject.DeadPid(), 11, WorkerState.Paused, TimeSpan.FromMinutes(2)));
        p.WriteCoordinator(DoctorProject.Coordinator(DoctorProject.DeadPid(), 12, null, ("M001", RunState.Running)));
        DoctorProject.WriteLock(p.Paths.CoordinatorLock, new LockRecord(DoctorProject.DeadPid(), 13, DateTimeOffset.UtcNow.AddMinutes(-2)));
        DoctorProject.WriteLock(Path.Combine(worktree, ".gsd", "auto.lock"), new LockRecord(DoctorProject.DeadPid(), 14, DateTimeOffset.UtcNow.AddMinutes(-2)));
        p.Write(".gsd/activity/log.txt", "runtime\n");
        p.Git("add", "-f", ".gsd/activity/log.txt");
        p.Git("commit", "-q", "-m", "tracked runtime file");
        p.Write(".gsd/.gitignore", "parallel/\nworktrees/\n");
        var indexLock = Path.Combine(p.Root, ".git", "worktrees", "M001", "index.lock");
        File.WriteAllText(indexLock, string.Empty);
        DoctorProject.Backdate(indexLock, TimeSpan.FromMinutes(3));
    }

    [Fact]
    public void Report_only_changes_nothing()
    {
        using var p = new DoctorProject();
        BreakEverythingFixable(p);
        p.Write(".gsd/worktrees/M008/keep.txt", "unique\n");
        var before = p.Snapshot();

        var plain = p.Doctor();
        var (json, findings) = p.DoctorJson();

        p.Snapshot().ShouldBe(before);
        plain.ExitCode.ShouldBe(1, plain.ToString());
        json.ExitCode.ShouldBe(1);
        findings.Select(f => f.Code).Distinct().ShouldBe(
            ["gitignore-missing", "runtime-files-tracked", "stale-coordinator", "stale-worker-status", "stale-lock", "missing-worktree-dir", "orphan-worktree-dir", "stale-index-lock"],
            ignoreOrder: true);
        findings.ShouldAllBe(f => !f.Fixed && f.Action == null);
        plain.StdOut.Split('\n').Count(l => l.StartsWith("warning ", StringComparison.Ordinal) || l.StartsWith("error ", StringComparison.Ordinal))
            .ShouldBe(findings.Count, plain.StdOut);
        plain.StdOut.ShouldContain("can be repaired safely with `gsd doctor --fix`");
    }

    [Fact]
    public void Fix_repairs_everything_fixable_and_a_second_run_is_clean()
    {
        using var p = new DoctorProject();
        BreakEverythingFixable(p);

        var fix = p.Doctor("--fix");

        fix.ExitCode.ShouldBe(0, fix.ToString());
        fix.StdOut.ShouldContain("[fixed]");
        fix.StdOut.ShouldNotContain("not fixed");
        var again = p.Doctor();
        again.ExitCode.ShouldBe(0, again.ToString());
        again.StdOut.ShouldBe($"No problems found in {p.Root}.\n");
        p.Git("rev-parse", "milestone/M001", "milestone/M002").Split('\n').Length.ShouldBe(2);
    }

    [Fact]
    public void Works_from_inside_a_worktree_on_the_main_project()
    {
        using var p = new DoctorProject();
        var worktree = p.AddWorktree("M001");
        Directory.CreateDirectory(Path.Combine(worktree, "src"));
        DoctorProject.WriteLock(p.Paths.CoordinatorLock, new LockRecord(DoctorProject.DeadPid(), 21, DateTimeOffset.UtcNow.AddMinutes(-2)));

        var (report, root, findings) = p.DoctorJsonIn(Path.Combine(worktree, "src"));
        report.ExitCode.ShouldBe(0, report.ToString());
        root.ShouldBe(p.Root);
        findings.ShouldHaveSingleItem().Message.ShouldStartWith(".gsd/parallel/coordinator.lock:");

        var (_, _, fixedFindings) = p.DoctorJsonIn(worktree, "--fix");
        fixedFindings.ShouldHaveSingleItem().Fixed.ShouldBeTrue();
        File.Exists(p.Paths.CoordinatorLock).ShouldBeFalse();
        Directory.Exists(worktree).ShouldBeTrue();
        p.DoctorJsonIn(worktree).Findings.ShouldBeEmpty();
    }
}
