using System.Diagnostics;
using System.Text.Json;
using Gsd.Processes;

namespace Gsd.Tests.Auto;

/// <summary>.gsd/auto.lock: a live holder makes a second worker refuse with its pid; a stale one is taken over.</summary>
public sealed class AutoLockTests
{
    [Fact]
    public void Second_worker_on_the_same_checkout_refuses_naming_the_live_pid()
    {
        using var project = new AutoProject(AutoProject.Sim(delay: "1s", slices: 1, tasks: 1));
        var mid = project.NewMilestone("Busy");
        using var first = project.Start(null, "auto");
        Eventually.Value(project.Lock, l => l.Pid == first.Pid && l.UnitId is not null, () => $"first worker holds the lock\n{first}");

        var second = project.Gsd("auto");

        second.ExitCode.ShouldBe(1, second.ToString());
        second.StdErr.ShouldContain($"Another gsd worker (pid {first.Pid}) is running in {project.Root}");
        project.Lock().ShouldNotBeNull().Pid.ShouldBe(first.Pid, "the refused worker left the lock alone");

        first.WaitForExit().ShouldBe(0, first.ToString());
        project.Repo.Exists($".gsd/milestones/{mid}/{mid}-SUMMARY.md").ShouldBeTrue();
    }

    [Fact]
    public void Lock_of_a_dead_process_is_taken_over()
    {
        using var project = new AutoProject(AutoProject.Sim(slices: 1, tasks: 1));
        var mid = project.NewMilestone("After a crash");
        var dead = DeadPid();
        WriteLock(project, new LockRecord(dead, 12345, DateTimeOffset.UtcNow.AddMinutes(-5)));

        var run = project.Gsd("auto");

        run.ExitCode.ShouldBe(0, run.ToString());
        project.Repo.Exists($".gsd/milestones/{mid}/{mid}-SUMMARY.md").ShouldBeTrue();
        File.Exists(project.LockPath).ShouldBeFalse("released on exit");
    }

    [Fact]
    public void Lock_whose_pid_now_belongs_to_another_process_is_taken_over_and_that_process_is_left_alone()
    {
        using var project = new AutoProject(AutoProject.Sim(slices: 1, tasks: 1));
        var mid = project.NewMilestone("Pid reused");
        using var unrelated = Process.Start(new ProcessStartInfo("sleep", "120") { UseShellExecute = false })!;
        try
        {
            var realStart = ProcessIdentity.ReadStartTicks(unrelated.Id).ShouldNotBeNull();
            // The lock names the live sleep as holder (and as its agent) but with another start time: a reused pid.
            WriteLock(project, new LockRecord(unrelated.Id, realStart + 4242, DateTimeOffset.UtcNow.AddHours(-1), "plan-milestone", mid, DateTimeOffset.UtcNow.AddHours(-1), unrelated.Id, realStart + 4242));

            var run = project.Gsd("auto");

            run.ExitCode.ShouldBe(0, run.ToString());
            run.StdErr.ShouldNotContain("Another gsd worker");
            project.Repo.Exists($".gsd/milestones/{mid}/{mid}-SUMMARY.md").ShouldBeTrue();
            unrelated.HasExited.ShouldBeFalse("a process that merely reuses the pid is never signalled");
        }
        finally
        {
            unrelated.Kill();
            unrelated.WaitForExit();
        }
    }

    [Fact]
    public void Torn_lock_file_is_taken_over()
    {
        using var project = new AutoProject(AutoProject.Sim(slices: 1, tasks: 1));
        var mid = project.NewMilestone("Torn lock");
        File.WriteAllText(project.LockPath, "{\"pid\": 12");

        var run = project.Gsd("auto");

        run.ExitCode.ShouldBe(0, run.ToString());
        project.Repo.Exists($".gsd/milestones/{mid}/{mid}-SUMMARY.md").ShouldBeTrue();
    }

    private static void WriteLock(AutoProject project, LockRecord record) =>
        File.WriteAllText(project.LockPath, JsonSerializer.Serialize(record, LockJsonContext.Default.LockRecord));

    private static int DeadPid()
    {
        using var p = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        p.WaitForExit();
        return p.Id;
    }
}
