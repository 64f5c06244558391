using Gsd.Processes;
using Gsd.Protocol;

namespace Gsd.Tests.Doctor;

/// <summary>Status files, locks and coordinator state left behind by processes that died.</summary>
public sealed class DoctorRuntimeStateTests
{
    [Fact]
    public void Stale_worker_status_is_reported_and_fix_marks_it_stopped_and_the_run_crashed()
    {
        using var p = new DoctorProject();
        var dead = DoctorProject.DeadPid();
        p.WriteStatus(DoctorProject.Status("M001", dead, 4242, WorkerState.Running, TimeSpan.FromMinutes(5)));
        // The coordinator was interrupted earlier (it records that), so no coordinator runs.
        p.WriteCoordinator(DoctorProject.Coordinator(DoctorProject.DeadPid(), 1, "coordinator interrupted", ("M001", RunState.Running)));

        var (report, findings) = p.DoctorJson();
        report.ExitCode.ShouldBe(0, report.ToString());
        var finding = findings.ShouldHaveSingleItem();
        finding.Code.ShouldBe("stale-worker-status");
        finding.Severity.ShouldBe("warning");
        finding.Fixable.ShouldBeTrue();
        finding.Fixed.ShouldBeFalse();
        finding.Message.ShouldContain("M001");
        finding.Message.ShouldContain($"pid {dead} is gone");
        finding.Message.ShouldContain(".gsd/parallel/M001.status.json");
        p.ReadStatus("M001").State.ShouldBe(WorkerState.Running);

        var (fix, fixedFindings) = p.DoctorJson("--fix");
        fix.ExitCode.ShouldBe(0, fix.ToString());
        fixedFindings.ShouldHaveSingleItem().Fixed.ShouldBeTrue();
        var status = p.ReadStatus("M001");
        status.State.ShouldBe(WorkerState.Stopped);
        status.Error.ShouldNotBeNull().ShouldContain("marked stopped by gsd doctor");
        status.Error.ShouldContain("M001/S01/T01");
        status.Cost.ShouldBe(1.25m);
        status.Progress.ShouldBe(new Progress(1, 2, 3, 4));
        p.ReadCoordinator().Milestones["M001"].State.ShouldBe(RunState.Crashed);

        p.DoctorJson().Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Stale_worker_status_is_left_to_a_live_coordinator()
    {
        using var p = new DoctorProject();
        p.WriteStatus(DoctorProject.Status("M001", DoctorProject.DeadPid(), 4242, WorkerState.Running, TimeSpan.FromMinutes(5)));
        // This test process stands in for a live coordinator holding its lock.
        var me = ProcessIdentity.Current;
        DoctorProject.WriteLock(p.Paths.CoordinatorLock, new LockRecord(me.Pid, me.StartTicks, DateTimeOffset.UtcNow));
        var before = File.ReadAllText(p.Paths.StatusFile("M001"));

        var (fix, findings) = p.DoctorJson("--fix");

        fix.ExitCode.ShouldBe(0, fix.ToString());
        var finding = findings.ShouldHaveSingleItem();
        finding.Code.ShouldBe("stale-worker-status");
        finding.Fixable.ShouldBeFalse();
        finding.Fixed.ShouldBeFalse();
        finding.Action.ShouldNotBeNull().ShouldContain($"a coordinator (pid {me.Pid}) is running");
        File.ReadAllText(p.Paths.StatusFile("M001")).ShouldBe(before);
    }

    [Fact]
    public void Live_worker_with_an_old_heartbeat_is_reported_as_hung_and_never_touched()
    {
        using var p = new DoctorProject();
        var me = ProcessIdentity.Current;
        p.WriteStatus(DoctorProject.Status("M002", me.Pid, me.StartTicks, WorkerState.Running, TimeSpan.FromMinutes(3)));
        var before = File.ReadAllText(p.Paths.StatusFile("M002"));

        var (fix, findings) = p.DoctorJson("--fix");

        fix.ExitCode.ShouldBe(0, fix.ToString());
        var finding = findings.ShouldHaveSingleItem();
        finding.Code.ShouldBe("hung-worker");
        finding.Fixable.ShouldBeFalse();
        finding.Message.ShouldContain("gsd parallel stop M002");
        File.ReadAllText(p.Paths.StatusFile("M002")).ShouldBe(before);
    }

    [Fact]
    public void Final_and_live_status_files_are_not_findings()
    {
        using var p = new DoctorProject();
        var me = ProcessIdentity.Current;
        p.WriteStatus(DoctorProject.Status("M001", DoctorProject.DeadPid(), 1, WorkerState.Complete, TimeSpan.FromHours(2)));
        p.WriteStatus(DoctorProject.Status("M002", me.Pid, me.StartTicks, WorkerState.Running, TimeSpan.FromSeconds(1)));

        var (result, findings) = p.DoctorJson();

        result.ExitCode.ShouldBe(0);
        findings.ShouldBeEmpty();
    }

    [Fact]
    public void Unreadable_status_file_is_reported_with_its_path()
    {
        using var p = new DoctorProject();
        p.Write(".gsd/parallel/M003.status.json", "{ not json");

        var finding = p.DoctorJson().Findings.ShouldHaveSingleItem();

        finding.Code.ShouldBe("unreadable-status-file");
        finding.Message.ShouldContain("M003.status.json");
        finding.Fixable.ShouldBeFalse();
    }

    [Fact]
    public void Stale_locks_with_dead_or_reused_pids_are_removed_by_fix()
    {
        using var p = new DoctorProject();
        var worktree = p.AddWorktree("M001");
        var (reusedPid, reusedTicks) = DoctorProject.ReusedPid();
        DoctorProject.WriteLock(p.Paths.CoordinatorLock, new LockRecord(DoctorProject.DeadPid(), 77, DateTimeOffset.UtcNow.AddMinutes(-3)));
        DoctorProject.WriteLock(Path.Combine(p.Root, ".gsd", "auto.lock"), new LockRecord(reusedPid, reusedTicks, DateTimeOffset.UtcNow.AddHours(-1)));
        DoctorProject.WriteLock(Path.Combine(worktree, ".gsd", "auto.lock"), new LockRecord(DoctorProject.DeadPid(), 78, DateTimeOffset.UtcNow.AddMinutes(-9)));

        var (report, findings) = p.DoctorJson();
        report.ExitCode.ShouldBe(0, report.ToString());
        findings.Count.ShouldBe(3, report.ToString());
        findings.ShouldAllBe(f => f.Code == "stale-lock" && f.Severity == "warning" && f.Fixable);
        findings.ShouldContain(f => f.Message.StartsWith(".gsd/parallel/coordinator.lock:", StringComparison.Ordinal));
        findings.ShouldContain(f => f.Message.StartsWith(".gsd/auto.lock:", StringComparison.Ordinal)
                                    && f.Message.Contains($"pid {reusedPid}, which now belongs to another process", StringComparison.Ordinal));
        findings.ShouldContain(f => f.Message.StartsWith(".gsd/worktrees/M001/.gsd/auto.lock:", StringComparison.Ordinal));

        var (fix, fixedFindings) = p.DoctorJson("--fix");
        fix.ExitCode.ShouldBe(0, fix.ToString());
        fixedFindings.ShouldAllBe(f => f.Fixed);
        File.Exists(p.Paths.CoordinatorLock).ShouldBeFalse();
        p.Exists(".gsd/auto.lock").ShouldBeFalse();
        File.Exists(Path.Combine(worktree, ".gsd", "auto.lock")).ShouldBeFalse();

        p.DoctorJson().Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Live_lock_is_not_a_finding()
    {
        using var p = new DoctorProject();
        var me = ProcessIdentity.Current;
        DoctorProject.WriteLock(Path.Combine(p.Root, ".gsd", "auto.lock"), new LockRecord(me.Pid, me.StartTicks, DateTimeOffset.UtcNow));

        p.DoctorJson("--fix").Findings.ShouldBeEmpty();
        p.Exists(".gsd/auto.lock").ShouldBeTrue();
    }

    [Fact]
    public void Stale_auto_lock_of_an_interrupted_unit_with_uncommitted_changes_is_kept()
    {
        using var p = new DoctorProject();
        var worktree = p.AddWorktree("M001");
        var lockPath = Path.Combine(worktree, ".gsd", "auto.lock");
        DoctorProject.WriteLock(lockPath, new LockRecord(DoctorProject.DeadPid(), 5, DateTimeOffset.UtcNow.AddMinutes(-2), "execute-task", "M001/S01/T02", DateTimeOffset.UtcNow.AddMinutes(-2)));
        File.WriteAllText(Path.Combine(worktree, "half-done.cs"), "// the agent's unfinished work\n");
        var before = File.ReadAllText(lockPath);

        var (fix, findings) = p.DoctorJson("--fix");

        fix.ExitCode.ShouldBe(0, fix.ToString());
        var finding = findings.ShouldHaveSingleItem();
        finding.Code.ShouldBe("stale-lock");
        finding.Message.ShouldContain("execute-task M001/S01/T02");
        finding.Fixable.ShouldBeFalse();
        finding.Fixed.ShouldBeFalse();
        finding.Action.ShouldNotBeNull().ShouldContain("wip commit");
        File.ReadAllText(lockPath).ShouldBe(before);
        File.Exists(Path.Combine(worktree, "half-done.cs")).ShouldBeTrue();
    }

    [Fact]
    public void Stale_coordinator_gets_its_exit_recorded()
    {
        using var p = new DoctorProject();
        var dead = DoctorProject.DeadPid();
        p.WriteCoordinator(DoctorProject.Coordinator(dead, 99, null, ("M001", RunState.Complete)));

        var (report, findings) = p.DoctorJson();
        report.ExitCode.ShouldBe(0, report.ToString());
        var finding = findings.ShouldHaveSingleItem();
        finding.Code.ShouldBe("stale-coordinator");
        finding.Message.ShouldContain($"coordinator pid {dead}");
        finding.Fixable.ShouldBeTrue();
        p.ReadCoordinator().ExitReason.ShouldBeNull();

        p.DoctorJson("--fix").Findings.ShouldHaveSingleItem().Fixed.ShouldBeTrue();
        var state = p.ReadCoordinator();
        state.ExitReason.ShouldBe("coordinator died (found by gsd doctor)");
        state.Milestones["M001"].State.ShouldBe(RunState.Complete);

        p.DoctorJson().Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Coordinator_that_is_alive_is_not_stale()
    {
        using var p = new DoctorProject();
        var me = ProcessIdentity.Current;
        p.WriteCoordinator(DoctorProject.Coordinator(me.Pid, me.StartTicks, null));

        p.DoctorJson().Findings.ShouldBeEmpty();
    }
}
