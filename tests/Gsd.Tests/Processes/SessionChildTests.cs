using Gsd.Processes;

namespace Gsd.Tests.Processes;

/// <summary>Children gsd supervises: real processes started with posix_spawn as leaders of their own session.</summary>
public sealed class SessionChildTests : IDisposable
{
    private readonly TempDir _dir = new("gsd-session-child");

    public void Dispose() => _dir.Dispose();

    [Fact(Timeout = Hang.EndToEnd)]
    public async Task A_child_leads_its_own_session_and_group_from_the_start_with_default_signals()
    {
        using var child = SessionChild.StartPiped(["sleep", "30"], _dir.Path, null);
        try
        {
            var stat = ProcStat.Read(child.Pid).ShouldNotBeNull();
            stat.Group.ShouldBe(child.Pid);
            stat.Session.ShouldBe(child.Pid);
            stat.Group.ShouldNotBe(ProcessGroup.Of(Environment.ProcessId)!.Value);
            // The runtime ignores SIGPIPE and blocks some signals; the child must start with none of the standard signals
            // (1-31) ignored or blocked (glibc keeps its two internal real-time signals to itself).
            var status = await File.ReadAllLinesAsync($"/proc/{child.Pid}/status", TestContext.Current.CancellationToken);
            (SignalMask(status, "SigIgn") & 0x7fff_ffff).ShouldBe(0L);
            (SignalMask(status, "SigBlk") & 0x7fff_ffff).ShouldBe(0L);
        }
        finally
        {
            child.SignalGroup(NativeMethods.SIGKILL).ShouldBeTrue();
        }
        (await child.Exited.WaitAsync(TestContext.Current.CancellationToken)).ShouldBe(128 + NativeMethods.SIGKILL);
        child.SignalGroup(NativeMethods.SIGTERM).ShouldBeFalse("once reaped, its pid may be another process's: nothing is signalled");
    }

    private static long SignalMask(string[] status, string field) =>
        Convert.ToInt64(status.Single(l => l.StartsWith(field + ":", StringComparison.Ordinal))[(field.Length + 1)..].Trim(), 16);

    [Fact(Timeout = Hang.EndToEnd)]
    public async Task Pipes_carry_stdin_stdout_and_stderr_and_the_environment_changes_apply()
    {
        Environment.SetEnvironmentVariable("GSD_TEST_REMOVED", "present");
        try
        {
            using var child = SessionChild.StartPiped(
                ["sh", "-c", "read line; echo \"got $line $GSD_TEST_SET ${GSD_TEST_REMOVED:-gone} $(pwd)\"; echo oops >&2; exit 3"],
                _dir.Path,
                new Dictionary<string, string?> { ["GSD_TEST_SET"] = "set", ["GSD_TEST_REMOVED"] = null });
            await child.StandardInput!.WriteLineAsync("hello");
            child.StandardInput.Close();
            var stdout = await child.StandardOutput!.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stderr = await child.StandardError!.ReadToEndAsync(TestContext.Current.CancellationToken);

            (await child.Exited.WaitAsync(TestContext.Current.CancellationToken)).ShouldBe(3);
            stdout.ShouldBe($"got hello set gone {_dir.Path}\n");
            stderr.ShouldBe("oops\n");
        }
        finally
        {
            Environment.SetEnvironmentVariable("GSD_TEST_REMOVED", null);
        }
    }

    [Fact(Timeout = Hang.EndToEnd)]
    public async Task A_logged_child_reads_nothing_and_appends_both_streams_to_its_log()
    {
        var log = _dir.File("logs/worker.log");
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        await File.WriteAllTextAsync(log, "earlier\n", TestContext.Current.CancellationToken);

        using var child = SessionChild.StartLogged(["sh", "-c", "cat; echo out; echo err >&2"], _dir.Path, null, log);

        (await child.Exited.WaitAsync(TestContext.Current.CancellationToken)).ShouldBe(0, "stdin is /dev/null, so cat ends at once");
        (await File.ReadAllTextAsync(log, TestContext.Current.CancellationToken)).ShouldBe("earlier\nout\nerr\n");
        child.StandardOutput.ShouldBeNull();
    }

    [Fact(Timeout = Hang.EndToEnd)]
    public async Task Disposing_closes_gsds_ends_of_the_pipes_so_a_writer_gets_sigpipe()
    {
        var child = SessionChild.StartPiped(["sh", "-c", "read line; echo late"], _dir.Path, null);
        child.Dispose();

        // stdin closed (read ends at EOF), stdout's reader gone: the echo dies of SIGPIPE, which the child does not ignore.
        (await child.Exited.WaitAsync(TestContext.Current.CancellationToken)).ShouldBe(128 + 13);
    }

    [Fact]
    public void A_missing_executable_is_named_and_nothing_starts()
    {
        var ex = Should.Throw<GsdException>(() => SessionChild.StartPiped(["gsd-no-such-agent"], _dir.Path, null));

        ex.Message.ShouldBe("could not start gsd-no-such-agent: not found on PATH or not executable");
        var dir = Should.Throw<GsdException>(() => SessionChild.StartPiped(["sh", "-c", "true"], _dir.File("missing"), null));
        dir.Message.ShouldContain("could not start /");
        dir.Message.ShouldContain("No such file or directory");
    }
}
