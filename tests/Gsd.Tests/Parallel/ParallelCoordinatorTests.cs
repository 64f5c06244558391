using Gsd.Processes;
using Gsd.Tests.Support;

namespace Gsd.Tests.Parallel;

/// <summary>Issue 4 item 3: the background coordinator — detached, one per project, crash detection and restarts, slots, adoption.</summary>
[Collection(EndToEnd.Name)]
public sealed class ParallelCoordinatorTests
{
    [Fact]
    public void The_coordinator_runs_in_a_session_of_its_own_and_outlives_start()
    {
        using var p = new ParallelProject();

        var r = p.Gsd("parallel", "start", "--yes");

        r.ExitCode.ShouldBe(0, r.ToString());
        var pid = (int)p.CoordinatorFile()!["pid"]!;
        ParallelProject.IsAlive(pid).ShouldBeTrue("start has returned; the coordinator runs on");
        var entry = ProcessTable.Read(pid).ShouldNotBeNull();
        entry.Session.ShouldBe(pid, "setsid made it a session leader, so the terminal's hangup never reaches it");
        entry.Session.ShouldNotBe(ProcessTable.Read(Environment.ProcessId)!.Session);
        foreach (var mid in new[] { "M002", "M004" })
        {
            var worker = ProcessTable.Read(p.WorkerPid(mid)).ShouldNotBeNull();
            worker.Session.ShouldBe(worker.Pid, $"the {mid} worker leads its own session too");
        }
        p.CoordinatorAlive().ShouldBeTrue();
    }

    [Fact(Timeout = Hang.EndToEnd)]
    public async Task Two_starts_at_once_make_one_run()
    {
        using var p = new ParallelProject();

        using var a = p.StartGsd("parallel", "start", "--yes");
        using var b = p.StartGsd("parallel", "start", "--yes");
        var outA = a.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var outB = b.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        a.WaitForExit(ParallelProject.Deadline).ShouldBeTrue();
        b.WaitForExit(ParallelProject.Deadline).ShouldBeTrue();
        var results = new[] { (a.ExitCode, Result: await outA), (b.ExitCode, Result: await outB) };

        results.Count(x => x.ExitCode == 0).ShouldBeGreaterThanOrEqualTo(1, string.Join("\n----\n", results.Select(x => x.Result)));
        foreach (var (code, output) in results.Where(x => x.ExitCode != 0))
        {
            output.ShouldContain("A parallel run is already active (coordinator pid");
        }
        var events = p.Events();
        events.Count(e => e.Event == "coordinator-start").ShouldBe(1, p.Diagnostics());
        events.Count(e => e.Event == "worker-start" && e.Milestone == "M002").ShouldBe(1);
        events.Count(e => e.Event == "worker-start" && e.Milestone == "M004").ShouldBe(1);
        p.WorkerProcesses("M002").Count.ShouldBe(1);
        p.WorkerProcesses("M004").Count.ShouldBe(1);
    }

    [Fact]
    public void A_worker_killed_with_sigkill_shows_crashed_and_is_not_restarted_past_max_restarts()
    {
        using var p = new ParallelProject(maxRestarts: 0);
        p.Gsd("parallel", "start", "--yes").ExitCode.ShouldBe(0);
        var agent = p.WaitForAgent("M002");
        var worker = p.WorkerPid("M002");

        NativeMethods.Kill(worker, NativeMethods.SIGKILL);

        p.WaitForState("M002", "crashed");
        p.WaitUntil(() => p.Events().Any(e => e.Event == "worker-crashed" && e.Milestone == "M002"), "the coordinator records the crash");
        p.Events().Single(e => e.Event == "worker-crashed").Message.ShouldContain($"worker pid {worker} is gone; not restarted (0 of 0 restarts used");
        p.WaitUntil(() => !ParallelProject.IsAlive(agent), "the orphaned agent of the dead worker is killed");
        p.OpenGate();
        p.WaitForState("M004", "complete");
        p.WaitUntil(() => !p.CoordinatorAlive(), "the coordinator exits");
        p.WorkerState("M002").ShouldBe("crashed");
        ((string?)p.CoordinatorFile()!["milestones"]!["M002"]!["state"]).ShouldBe("crashed");
        p.Events().ShouldNotContain(e => e.Event == "worker-restart");
        p.WorkerProcesses("M002").ShouldBeEmpty();
    }

    [Fact]
    public void A_crashed_worker_is_restarted_from_its_branch_up_to_max_restarts()
    {
        using var p = new ParallelProject(maxRestarts: 1);
        p.Gsd("parallel", "start", "--yes").ExitCode.ShouldBe(0);
        p.OpenGate("M002/S01/T01");
        p.WaitUntil(() => p.Repo.Git("log", "--format=%s", "milestone/M002").Contains("feat(M002/S01/T01)", StringComparison.Ordinal), "M002 commits its first task");
        p.WaitUntil(() => (string?)p.StatusFile("M002")?["currentUnit"]?["id"] == "M002/S01/T02", "M002 works on its second task");
        p.WaitForAgent("M004");

        // M002: killed once after its first task, restarted, and finishes from its branch.
        var first = p.WorkerPid("M002");
        NativeMethods.Kill(first, NativeMethods.SIGKILL);
        p.WaitUntil(() => p.Events().Any(e => e.Event == "worker-restart" && e.Milestone == "M002"), "M002 is restarted");
        p.OpenGate("M002");
        p.WaitForState("M002", "complete");
        p.WorkerPid("M002").ShouldNotBe(first);
        var log = p.Repo.Git("log", "--format=%s", "milestone/M002");
        log.ShouldContain("feat(M002/S01/T02): Task 2");
        log.Split('\n').Count(l => l.StartsWith("feat(M002/S01/T01)", StringComparison.Ordinal)).ShouldBe(1, "the restart resumed after the committed task");
        // A second crash using up max_restarts: CoordinatorStateMachineTests.A_worker_that_dies_is_restarted_up_to_max_restarts_then_crashed.
    }

    [Fact]
    public void After_the_coordinator_is_killed_start_adopts_live_workers_instead_of_duplicating_them()
    {
        using var p = new ParallelProject();
        p.Gsd("parallel", "start", "--yes").ExitCode.ShouldBe(0);
        p.WaitForAgent("M002");
        p.WaitForAgent("M004");
        var workers = new[] { p.WorkerPid("M002"), p.WorkerPid("M004") };
        var coordinator = (int)p.CoordinatorFile()!["pid"]!;

        NativeMethods.Kill(coordinator, NativeMethods.SIGKILL);
        p.WaitUntil(() => !ParallelProject.IsAlive(coordinator), "the coordinator is dead");

        // From the files alone: no coordinator, workers still running.
        var status = p.Status();
        ((bool?)status["coordinator"]!["alive"]).ShouldBe(false);
        ((string?)p.Worker(status, "M002")!["state"]).ShouldBe("running");
        p.Gsd("parallel", "status").StdOut.ShouldContain($"Coordinator: crashed (pid {coordinator}, run ");

        var r = p.Gsd("parallel", "start", "--yes");

        r.ExitCode.ShouldBe(0, r.ToString());
        r.StdOut.ShouldContain("  M002  Already running.");
        r.StdOut.ShouldContain("Adopting 2 live worker(s) whose coordinator is gone");
        r.StdOut.ShouldContain("running (adopted)");
        p.CoordinatorAlive().ShouldBeTrue();
        new[] { p.WorkerPid("M002"), p.WorkerPid("M004") }.ShouldBe(workers);
        p.WorkerProcesses("M002").ShouldBe([workers[0]]);
        p.WorkerProcesses("M004").ShouldBe([workers[1]]);
        p.Events().Count(e => e.Event == "worker-adopted").ShouldBe(2);

        p.OpenGate();
        p.WaitForState("M002", "complete");
        p.WaitForState("M004", "complete");
        p.WaitUntil(() => !p.CoordinatorAlive(), "the new coordinator sees the adopted workers finish and exits");
        p.Events().Count(e => e.Event == "worker-start").ShouldBe(2, "no duplicate was ever started");
        ((string?)p.CoordinatorFile()!["milestones"]!["M002"]!["state"]).ShouldBe("complete");
    }

    [Fact]
    public void A_worker_whose_heartbeat_stops_is_killed_and_restarted()
    {
        using var p = new ParallelProject(maxRestarts: 1);
        // Silence is noticed after dead-after: shortened from 30 s (heartbeats are every 200 ms here), long enough
        // that a replacement starting on a loaded machine is not taken for dead. The timing itself: CoordinatorStateMachineTests.
        p.Env["GSD_TIMINGS"] = "deadAfter=8s";
        p.Gsd("parallel", "start", "--yes").ExitCode.ShouldBe(0);
        var agent = p.WaitForAgent("M002");
        var hung = p.WorkerPid("M002");

        NativeMethods.Kill(hung, 19); // SIGSTOP: alive, but silent.

        p.WaitUntil(() => p.Events().Any(e => e.Event == "worker-restart" && e.Milestone == "M002"), "the silent worker is replaced");
        p.Events().Single(e => e.Event == "worker-crashed").Message.ShouldContain($"worker pid {hung} stopped heartbeating");
        ParallelProject.IsAlive(hung).ShouldBeFalse("the hung worker is killed before a replacement takes its worktree");
        ParallelProject.IsAlive(agent).ShouldBeFalse();
        p.OpenGate();
        p.WaitForState("M002", "complete");
        p.WaitForState("M004", "complete");
    }

    [Fact(Timeout = Hang.EndToEnd)]
    public async Task Interrupting_a_foreground_run_stops_its_workers()
    {
        using var p = new ParallelProject();
        using var run = p.StartGsd("parallel", "start", "--yes", "--foreground");
        var output = run.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        p.WaitForAgent("M002");
        p.WaitForAgent("M004");
        var workers = new[] { p.WorkerPid("M002"), p.WorkerPid("M004") };

        NativeMethods.Kill(run.Id, 2); // SIGINT, as Ctrl-C

        run.WaitForExit(ParallelProject.Deadline).ShouldBeTrue();
        run.ExitCode.ShouldBe(1);
        var text = await output;
        text.ShouldContain("Interrupted: stopping the run's workers");
        text.ShouldContain("M002: stopped (pid");
        text.ShouldContain("ended: interrupted; workers stopped.");
        workers.ShouldAllBe(pid => !ParallelProject.IsAlive(pid));
        p.WorkerState("M002").ShouldBe("stopped");
        p.ProcessesInRepo().ShouldBeEmpty();
    }
}
