using System.Diagnostics;
using Gsd.Processes;

namespace Gsd.Tests.Ownership;

/// <summary>Issue 8 item 4: a pid record without the start time gsd records is never acted on, only reported as unverifiable.</summary>
public sealed class UnverifiablePidTests : IDisposable
{
    private readonly ProjectBuilder _p = new("gsd-unverifiable");
    private readonly Process _unrelated = Process.Start(new ProcessStartInfo("sleep", "120") { UseShellExecute = false })!;

    public UnverifiablePidTests()
    {
        _p.IgnoreRuntime()
            .Preferences("parallel:\n  enabled: true\nagent:\n  kind: sim\n")
            .Context("M001", "First")
            .Commit("plan");
    }

    public void Dispose()
    {
        if (!_unrelated.HasExited)
        {
            _unrelated.Kill();
        }
        _unrelated.Dispose();
        _p.Dispose();
    }

    [Fact]
    public void Parallel_stop_leaves_an_unrelated_process_named_by_a_forged_coordinator_lock_alive_and_says_it_is_unverifiable()
    {
        var lockFile = _p.Paths.CoordinatorLock;
        Directory.CreateDirectory(Path.GetDirectoryName(lockFile)!);
        File.WriteAllText(lockFile, $"{{\"pid\": {_unrelated.Id}}}");

        var r = _p.Launcher.Run("parallel", "stop");

        r.ExitCode.ShouldBe(0, r.ToString());
        r.StdOut.ShouldContain($"names pid {_unrelated.Id} without a process start time: unverifiable");
        _unrelated.HasExited.ShouldBeFalse("a pid without its recorded start time is never signalled");
        ProcessIdentity.IsPidAlive(_unrelated.Id).ShouldBeTrue();
    }

    [Fact]
    public void A_record_without_a_start_time_is_never_alive_even_when_its_pid_runs()
    {
        var bare = new ProcessIdentity(_unrelated.Id, 0);
        bare.IsAlive().ShouldBeFalse();
        bare.IsVerifiable.ShouldBeFalse();
        bare.IsUnverifiableButPidLive.ShouldBeTrue();
        var real = new ProcessIdentity(_unrelated.Id, ProcessIdentity.ReadStartTicks(_unrelated.Id)!.Value);
        real.IsAlive().ShouldBeTrue();
        (real with { StartTicks = real.StartTicks + 1 }).IsAlive().ShouldBeFalse();
    }

    [Fact]
    public void Doctor_reports_a_forged_coordinator_lock_as_unverifiable_and_fix_removes_the_file_without_signalling()
    {
        var lockFile = _p.Paths.CoordinatorLock;
        Directory.CreateDirectory(Path.GetDirectoryName(lockFile)!);
        File.WriteAllText(lockFile, $"{{\"pid\": {_unrelated.Id}}}");

        var r = _p.Launcher.Run("doctor", "--fix");

        r.StdOut.ShouldContain($"names pid {_unrelated.Id} without a process start time (unverifiable");
        File.Exists(lockFile).ShouldBeFalse();
        _unrelated.HasExited.ShouldBeFalse();
    }
}
