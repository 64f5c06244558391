using System.Diagnostics;
using System.Text.Json.Nodes;
using Gsd.IO;
using Gsd.Parallel;
using Gsd.Processes;
using Gsd.Protocol;

namespace Gsd.Tests.Parallel;

/// <summary>Issue 4 item 4: `gsd parallel status [--json] [--watch]`, correct from the files alone.</summary>
[Collection(EndToEnd.Name)]
public sealed class ParallelStatusTests : IDisposable
{
    private readonly ParallelProject _p = new();

    public void Dispose() => _p.Dispose();

    [Fact]
    public void Status_json_shows_every_worker_during_and_after_the_run_from_anywhere_in_the_repository()
    {
        _p.Gsd("parallel", "start", "--yes").ExitCode.ShouldBe(0);
        _p.WaitForAgent("M002");
        _p.WaitUntil(() => (string?)_p.StatusFile("M002")?["currentUnit"]?["id"] == "M002/S01/T01", "M002 reports its unit");

        var during = _p.Status();

        var coordinator = during["coordinator"]!;
        ((int)coordinator["pid"]!).ShouldBe((int)_p.CoordinatorFile()!["pid"]!);
        ((bool)coordinator["alive"]!).ShouldBeTrue();
        var w = _p.Worker(during, "M002")!;
        ((string?)w["title"]).ShouldBe("Second milestone");
        ((string?)w["state"]).ShouldBe("running");
        ParallelProject.IsAlive((int)w["pid"]!).ShouldBeTrue();
        ((string?)w["currentUnit"]!["type"]).ShouldBe("execute-task");
        ((string?)w["currentUnit"]!["id"]).ShouldBe("M002/S01/T01");
        ((int)w["completedUnits"]!).ShouldBe(0);
        var progress = w["progress"]!;
        ((int)progress["slicesDone"]!, (int)progress["slicesTotal"]!, (int)progress["tasksDone"]!, (int)progress["tasksTotal"]!).ShouldBe((0, 1, 0, 2));
        ((decimal)w["cost"]!).ShouldBe(0m);
        w["heartbeatAgeSeconds"]!.GetValue<double>().ShouldBeGreaterThanOrEqualTo(0);
        ((decimal)during["totalCost"]!).ShouldBe(0m);
        during["budgetCeiling"].ShouldBeNull();
        ((bool)during["budgetReached"]!).ShouldBeFalse();
        during["readyToMerge"]!.AsArray().ShouldBeEmpty();

        // From inside a worktree (or any subdirectory), status is the main project's.
        var inside = JsonNode.Parse(_p.GsdIn(_p.Worktree("M004"), "parallel", "status", "--json").StdOut)!;
        inside["workers"]!.AsArray().Select(x => (string?)x!["milestoneId"]).ShouldBe(["M002", "M004"]);

        _p.OpenGate();
        _p.WaitUntil(() => !_p.CoordinatorAlive(), "the run ends");
        var after = _p.Status();

        ((bool)after["coordinator"]!["alive"]!).ShouldBeFalse();
        foreach (var mid in new[] { "M002", "M004" })
        {
            var done = _p.Worker(after, mid)!;
            ((string?)done["state"]).ShouldBe("complete");
            done["currentUnit"].ShouldBeNull();
            ((int)done["completedUnits"]!).ShouldBe(4, "two tasks, complete-slice, complete-milestone");
            ((decimal)done["cost"]!).ShouldBe(0.50m);
        }
        ((decimal)after["totalCost"]!).ShouldBe(1.00m);
        after["readyToMerge"]!.AsArray().Select(n => (string?)n).ShouldBe(["M002", "M004"]);

        var text = _p.Gsd("parallel", "status");
        text.ExitCode.ShouldBe(0);
        text.StdOut.ShouldContain("Coordinator: not running (last run ended: nothing left to run");
        text.StdOut.ShouldContain("S1/1 T2/2");
        text.StdOut.ShouldContain("Run cost: $1.00 (no ceiling); project total: $1.00");
        text.StdOut.ShouldContain("Ready to merge: M002, M004");
    }

    [Fact]
    public void Status_is_derived_from_the_files_alone_without_any_coordinator()
    {
        var now = DateTimeOffset.UtcNow;
        var dead = DeadPid();
        // A live process standing in for a worker (never this test host: cleanup stops whatever a status file names).
        using var sleeper = Process.Start("sleep", "600")!;
        var me = new ProcessIdentity(sleeper.Id, ProcessIdentity.ReadStartTicks(sleeper.Id)!.Value);
        WriteStatus("M002", WorkerState.Running, dead, 0, now, cost: 0.30m);
        WriteStatus("M004", WorkerState.Complete, dead, 0, now.AddMinutes(-5), cost: 1.25m);
        WriteStatus("M005", WorkerState.Running, me.Pid, me.StartTicks, now, cost: 0.05m);
        WriteStatus("M006", WorkerState.Running, me.Pid, me.StartTicks, now.AddSeconds(-45), cost: 0);
        WriteStatus("M007", WorkerState.Stopping, dead, 0, now, cost: 0);
        File.WriteAllText(Path.Combine(_p.ParallelDir, "M007.signal.json"),
            $$"""{"seq":3,"signal":"stop","sentAt":"{{now:O}}","from":"gsd parallel stop"}""");

        var status = _p.Status();

        ((bool)status["coordinator"]!["alive"]!).ShouldBeFalse();
        status["coordinator"]!["pid"].ShouldBeNull();
        var states = status["workers"]!.AsArray().ToDictionary(w => (string)w!["milestoneId"]!, w => (string)w!["state"]!);
        states.ShouldBe(new Dictionary<string, string>
        {
            ["M002"] = "crashed",
            ["M004"] = "complete",
            ["M005"] = "running",
            ["M006"] = "crashed",
            ["M007"] = "stopped",
        });
        ((decimal)status["totalCost"]!).ShouldBe(1.60m);
        status["readyToMerge"]!.AsArray().Select(n => (string?)n).ShouldBe(["M004"]);
        ((double)_p.Worker(status, "M006")!["heartbeatAgeSeconds"]!).ShouldBeGreaterThan(30);
        _p.Gsd("parallel", "status").StdOut.ShouldContain("Coordinator: none has run here yet.");
        sleeper.Kill();
    }

    [Fact]
    public void Status_watch_json_streams_one_document_per_line_until_interrupted()
    {
        _p.Gsd("parallel", "start", "--yes").ExitCode.ShouldBe(0);
        using var watch = _p.StartGsd("parallel", "status", "--watch", "--json");

        var first = watch.StandardOutput.ReadLine();
        var second = watch.StandardOutput.ReadLine();
        NativeMethods.Kill(watch.Id, 2);
        watch.WaitForExit(ParallelProject.Deadline).ShouldBeTrue();

        watch.ExitCode.ShouldBe(0, watch.StandardError.ReadToEnd());
        foreach (var line in new[] { first, second })
        {
            var doc = JsonNode.Parse(line.ShouldNotBeNull())!;
            doc["workers"]!.AsArray().Count.ShouldBe(2);
            ((bool)doc["coordinator"]!["alive"]!).ShouldBeTrue();
        }
    }

    private void WriteStatus(string mid, WorkerState state, int pid, long startTicks, DateTimeOffset heartbeat, decimal cost)
    {
        Directory.CreateDirectory(_p.ParallelDir);
        var status = new WorkerStatus
        {
            MilestoneId = mid,
            Pid = pid,
            ProcessStartedAt = startTicks,
            State = state,
            Cost = cost,
            LastHeartbeat = heartbeat,
            StartedAt = heartbeat.AddMinutes(-1),
            Worktree = _p.Worktree(mid),
            Branch = $"milestone/{mid}",
        };
        JsonFile.Write(Path.Combine(_p.ParallelDir, $"{mid}.status.json"), status, GsdJsonContext.Default.WorkerStatus);
    }

    /// <summary>The pid of a process that has exited (and been reaped).</summary>
    private static int DeadPid()
    {
        using var p = Process.Start("true")!;
        p.WaitForExit();
        return p.Id;
    }
}
