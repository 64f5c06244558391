using Gsd.IO;
using Gsd.Layout;
using Gsd.Preferences;
using Gsd.Processes;
using Gsd.Protocol;
using Gsd.Tests.Support;

namespace Gsd.Tests.Protocol;

/// <summary>Issue 8 item 1, at the file level: a signal is addressed to a run, and an inbox of another run ignores it.</summary>
public sealed class RunAddressedSignalTests : IDisposable
{
    private readonly TempDir _dir = new("gsd-signal");

    public void Dispose() => _dir.Dispose();

    private ParallelPaths Paths => new(_dir.Path);

    [Fact]
    public void A_signal_to_a_live_worker_carries_its_run_and_only_an_inbox_of_that_run_takes_it()
    {
        WriteStatus("M001", ProcessIdentity.Current, "run-A");

        var sent = SignalSender.Send(Paths, "M001", Signals.Stop, "test", TimeProvider.System);

        sent.RunId.ShouldBe("run-A");
        new SignalInbox(Paths.SignalFile("M001"), 0, "run-B").Poll().ShouldBeNull("a later run's worker ignores a stop sent to an earlier run");
        new SignalInbox(Paths.SignalFile("M001"), 0, "run-A").Poll().ShouldNotBeNull().Signal.ShouldBe(Signals.Stop);
        new SignalInbox(Paths.SignalFile("M001"), 0).Poll().ShouldNotBeNull("an inbox outside any run takes every signal, as before run ids");
    }

    [Fact]
    public void A_signal_for_a_milestone_whose_worker_is_gone_is_addressed_to_the_current_run()
    {
        WriteStatus("M001", new ProcessIdentity(int.MaxValue - 1, 1), "run-A");
        CoordinatorStateStore.Write(Paths, new CoordinatorState { RunId = "run-B", Config = new RunConfig(2, null, "confirm", "per-milestone", 1) });

        SignalSender.Send(Paths, "M001", Signals.Pause, "test", TimeProvider.System).RunId.ShouldBe("run-B");
        SignalSender.SendToCoordinator(Paths, Signals.Pause, "test", TimeProvider.System).RunId.ShouldBe("run-B");
    }

    [Fact]
    public void Recorded_preferences_load_from_their_texts_and_name_the_recorded_file_and_line()
    {
        var file = Path.Combine(_dir.Path, ".gsd", "PREFERENCES.md");
        var loaded = PreferencesLoader.FromTexts([new PreferenceFileText(file, file, "---\nagent:\n  kind: command\n  command: [\"./a.sh\"]\n---\n")]);

        loaded.Preferences.Agent.Command.ShouldBe(["./a.sh"]);
        loaded.Locations["agent.command"].ShouldBe($"{file}:4");
        var bad = Should.Throw<PreferencesException>(() => PreferencesLoader.FromTexts([new PreferenceFileText(file, file, "---\nparallel:\n  max_workers: 9\n---\n")]));
        bad.Message.ShouldContain($"{file}:3");
    }

    private void WriteStatus(string mid, ProcessIdentity who, string runId)
    {
        Directory.CreateDirectory(Paths.Directory);
        JsonFile.Write(Paths.StatusFile(mid), new WorkerStatus { MilestoneId = mid, State = WorkerState.Running, Pid = who.Pid, ProcessStartedAt = who.StartTicks, RunId = runId }, GsdJsonContext.Default.WorkerStatus);
    }
}
