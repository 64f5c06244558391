namespace Gsd.Tests.Parallel;

/// <summary>Issue 4 item 1: the gate every `gsd parallel` command passes first.</summary>
[Collection(EndToEnd.Name)]
public sealed class ParallelGateTests : IDisposable
{
    private readonly ParallelProject _p = new();

    public void Dispose() => _p.Dispose();

    [Theory]
    [InlineData("start")]
    [InlineData("status")]
    [InlineData("stop")]
    [InlineData("pause")]
    [InlineData("resume")]
    public void Every_command_says_parallel_mode_is_not_enabled_and_how_to_enable_it(string command)
    {
        _p.WritePreferences("parallel:\n  enabled: false\nagent:\n  kind: sim\n");

        var r = _p.Gsd("parallel", command);

        r.ExitCode.ShouldBe(2, r.ToString());
        r.StdErr.ShouldContain("Parallel mode is not enabled");
        r.StdErr.ShouldContain(".gsd/PREFERENCES.md");
        r.StdErr.ShouldContain("enabled: true");
        Directory.Exists(_p.ParallelDir).ShouldBeFalse("nothing was started or written");
    }

    [Fact]
    public void Absent_parallel_section_means_disabled()
    {
        _p.WritePreferences("agent:\n  kind: sim\n");

        var r = _p.Gsd("parallel", "start", "--yes");

        r.ExitCode.ShouldBe(2, r.ToString());
        r.StdErr.ShouldContain("Parallel mode is not enabled");
    }

    [Fact]
    public void A_worker_cannot_start_or_control_a_nested_run()
    {
        var env = new Dictionary<string, string?>(_p.Env) { ["GSD_PARALLEL_WORKER"] = "1" };

        foreach (var command in new[] { "start", "stop" })
        {
            var r = Support.GsdBinary.Run(_p.Root, env, "parallel", command, command == "start" ? "--yes" : "--json");
            r.ExitCode.ShouldBe(2, r.ToString());
            r.StdErr.ShouldContain("GSD_PARALLEL_WORKER=1");
            r.StdErr.ShouldContain("nested parallel run");
        }
        Directory.Exists(_p.ParallelDir).ShouldBeFalse();
    }

    [Theory]
    [InlineData("9")]
    [InlineData("0")]
    public void Max_workers_outside_1_to_4_is_a_configuration_error_naming_file_key_and_value(string value)
    {
        _p.WritePreferences($"parallel:\n  enabled: true\n  max_workers: {value}\n");

        var r = _p.Gsd("parallel", "start", "--yes");

        r.ExitCode.ShouldBe(2, r.ToString());
        r.StdErr.ShouldContain(".gsd/PREFERENCES.md:4");
        r.StdErr.ShouldContain($"max_workers: {value}");
        r.StdErr.ShouldContain("must be 1-4");
        Directory.Exists(_p.ParallelDir).ShouldBeFalse();
    }

    [Fact]
    public void Control_commands_reject_a_bad_milestone_id_with_exit_2()
    {
        var r = _p.Gsd("parallel", "stop", "../M002");

        r.ExitCode.ShouldBe(2, r.ToString());
        r.StdErr.ShouldContain("'../M002' is not a milestone id");
    }

    [Fact]
    public void Control_commands_with_nothing_running_say_so_and_succeed()
    {
        foreach (var command in new[] { "stop", "pause", "resume" })
        {
            var all = _p.Gsd("parallel", command);
            all.ExitCode.ShouldBe(0, all.ToString());
            all.StdOut.ShouldContain("No workers.");

            var one = _p.Gsd("parallel", command, "M002");
            one.ExitCode.ShouldBe(0, one.ToString());
            one.StdOut.ShouldContain("M002: no worker status file");
        }
    }
}
