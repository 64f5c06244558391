using Gsd.Processes;

namespace Gsd.Tests.Parallel;

/// <summary>Issue 4 item 5: stop / pause / resume [MID] — through the signal files, idempotent, saying what they did.</summary>
[Collection(EndToEnd.Name)]
public sealed class ParallelControlTests : IDisposable
{
    private readonly ParallelProject _p = new(tasks: 3);

    public void Dispose() => _p.Dispose();

    [Fact]
    public void Pause_resume_and_stop_one_worker_then_all_each_idempotent_and_saying_what_they_did()
    {
        _p.Gsd("parallel", "start", "--yes").ExitCode.ShouldBe(0);
        _p.WaitForAgent("M002");
        _p.WaitForAgent("M004");

        Say("pause", "M002").ShouldContain("M002: pause sent (seq 1); it finishes its current unit (execute-task M002/S01/T01), then waits.");
        Say("pause", "M002").ShouldContain("M002: pause already sent (seq 1)");
        _p.WorkerState("M002").ShouldBe("pausing", "the unit in flight is finished first");
        _p.OpenGate("M002/S01/T01");
        _p.WaitForState("M002", "paused");
        Say("pause", "M002").ShouldContain("M002: already paused.");
        _p.WorkerState("M004").ShouldBe("running", "pausing M002 leaves M004 alone");

        Say("resume", "M002").ShouldContain("M002: resume sent (seq 2).");
        _p.WaitUntil(() => (string?)_p.StatusFile("M002")?["currentUnit"]?["id"] == "M002/S01/T02", "M002 goes on with its next unit");
        Say("resume", "M002").ShouldContain("M002: already running; nothing to resume.");

        var stopped = Say("stop", "M002");
        stopped.ShouldContain("M002: stop sent (seq 3) and SIGTERM to worker pid");
        stopped.ShouldContain("M002: stopped (pid");
        _p.WorkerState("M002").ShouldBe("stopped");
        _p.WorkerProcesses("M002").ShouldBeEmpty();
        Say("stop", "M002").ShouldContain("M002: not running (stopped); nothing to stop.");
        Say("resume", "M002").ShouldContain("M002: not running (stopped); nothing to resume.");
        _p.WorkerState("M004").ShouldBe("running");

        var pausedAll = Say("pause");
        pausedAll.ShouldContain("coordinator (pid");
        pausedAll.ShouldContain("pause sent");
        pausedAll.ShouldContain("M004: pause sent");
        pausedAll.ShouldContain("M002: not running (stopped); nothing to pause.");
        _p.WaitUntil(() => (bool?)_p.Status()["coordinator"]!["paused"] == true, "the coordinator is paused");
        Say("status").ShouldContain("paused: no new workers start until `gsd parallel resume`");
        Say("resume").ShouldContain("M004: resume sent");
        _p.WaitUntil(() => (bool?)_p.Status()["coordinator"]!["paused"] == false, "the coordinator is resumed");

        var all = Say("stop");
        all.ShouldContain("M004: stop sent");
        all.ShouldContain("M004: stopped (pid");
        all.ShouldMatch(@"coordinator \(pid \d+\): exited");
        _p.WorkerState("M004").ShouldBe("stopped");
        _p.WaitUntil(() => _p.ProcessesInRepo().Count == 0, "no coordinator, worker or agent is left");
        ((string?)_p.CoordinatorFile()!["exitReason"]).ShouldBe("stopped");
        _p.Events().ShouldNotContain(e => e.Event == "worker-restart" || e.Event == "worker-crashed", "a stopped worker is not a crash");
        Say("stop").ShouldContain("M004: not running (stopped); nothing to stop.");
    }

    [Fact]
    public void Stop_ends_a_worker_whose_agent_hangs_and_ignores_sigterm_with_the_agents_whole_group()
    {
        _p.Env["GSD_STOP_GRACE_MS"] = "20000";
        File.WriteAllText(Path.Combine(_p.GateDir, "hang-M002"), "");
        _p.Gsd("parallel", "start", "--yes").ExitCode.ShouldBe(0);
        var pids = WaitForHangingAgent("M002");
        var worker = _p.WorkerPid("M002");

        var r = _p.Gsd("parallel", "stop", "M002");

        r.ExitCode.ShouldBe(0, r.ToString());
        r.StdOut.ShouldContain($"M002: stop sent (seq 1) and SIGTERM to worker pid {worker}");
        ParallelProject.IsAlive(worker).ShouldBeFalse();
        foreach (var pid in pids)
        {
            ParallelProject.IsAlive(pid).ShouldBeFalse($"agent process {pid} ignored SIGTERM but must be gone");
        }
        _p.WorkerState("M002").ShouldBe("stopped");
        _p.WorkerState("M004").ShouldBe("running");
    }

    [Fact]
    public void Stop_kills_a_frozen_worker_after_the_grace_period_and_its_agents_with_it()
    {
        _p.Env["GSD_STOP_GRACE_MS"] = "1000";
        File.WriteAllText(Path.Combine(_p.GateDir, "hang-M002"), "");
        _p.Gsd("parallel", "start", "--yes").ExitCode.ShouldBe(0);
        var pids = WaitForHangingAgent("M002");
        var worker = _p.WorkerPid("M002");
        NativeMethods.Kill(worker, 19); // SIGSTOP: it can no longer act on SIGTERM or stop its own agent.

        var r = _p.Gsd("parallel", "stop", "M002");

        r.ExitCode.ShouldBe(0, r.ToString());
        r.StdOut.ShouldContain($"M002: pid {worker} did not exit within 1 s of SIGTERM; killed it and its agents with SIGKILL");
        ParallelProject.IsAlive(worker).ShouldBeFalse();
        foreach (var pid in pids)
        {
            ParallelProject.IsAlive(pid).ShouldBeFalse($"agent process {pid} of the killed worker must be gone");
        }
        _p.WorkerState("M002").ShouldBe("stopped", "killed by stop is stopped, not crashed");
        _p.WaitUntil(() => _p.Events().Any(e => e.Event == "worker-stopped" && e.Milestone == "M002"), "the coordinator records it as stopped");
        _p.Events().ShouldNotContain(e => e.Event == "worker-restart", "a stopped worker is not restarted");
    }

    private string Say(params string[] args)
    {
        var r = _p.Gsd(["parallel", .. args]);
        r.ExitCode.ShouldBe(0, r.ToString());
        return r.StdOut;
    }

    private List<int> WaitForHangingAgent(string mid)
    {
        var file = Path.Combine(_p.GateDir, $"hang-{mid}.pids");
        _p.WaitUntil(() => File.Exists(file) && File.ReadAllLines(file).Length >= 2, $"the agent of {mid} hangs");
        return File.ReadAllLines(file).Select(l => int.Parse(l, System.Globalization.CultureInfo.InvariantCulture)).ToList();
    }
}
