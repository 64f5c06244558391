using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Spectre.Console.Testing;
using Gsd.Cli;
using Gsd.IO;
using Gsd.Layout;
using Gsd.Parallel;
using Gsd.Processes;
using Gsd.Protocol;
using Gsd.Rendering;

namespace Gsd.Tests.Parallel;

/// <summary>
/// Issue 12 item 4: `gsd parallel status` shows the current run by default (earlier runs' merged milestones only with
/// --all), this run's cost and the project's total, renders at 80 columns without breaking a unit id, shows `pausing`
/// until a worker told to pause is `paused`, and counts progress by what is done.
/// </summary>
[Collection(EndToEnd.Name)]
public sealed partial class StatusViewTests : IDisposable
{
    private const string RunId = "20261201-120000";

    private readonly GitRepo _repo = new("gsd-view");
    private readonly Process _sleeper = Process.Start("sleep", "600")!;
    private readonly ProcessIdentity _live;

    public StatusViewTests()
    {
        // A live process standing in for workers (never this test host); read only, never signalled.
        _live = new ProcessIdentity(_sleeper.Id, ProcessIdentity.ReadStartTicks(_sleeper.Id)!.Value);
        _repo.Write(".gsd/PREFERENCES.md", "---\nparallel:\n  enabled: true\n---\n");
        _repo.Write(".gsd/.gitignore", ProjectBuilder.RuntimeIgnores);
        Directory.CreateDirectory(Paths.Directory);
    }

    private ParallelPaths Paths => new(_repo.Root);

    public void Dispose()
    {
        _sleeper.Kill();
        _sleeper.Dispose();
        _repo.Dispose();
    }

    [Fact]
    public void An_earlier_runs_merged_and_ended_milestones_are_hidden_unless_all()
    {
        WriteCoordinator(("M003", RunState.Running), ("M005", RunState.Complete));
        WriteStatus("M001", WorkerState.Complete, dead: true);                  // merged in an earlier run
        WriteStatus("M002", WorkerState.Stopped, dead: true);                   // stopped in an earlier run
        WriteStatus("M003", WorkerState.Running);                               // this run
        WriteStatus("M004", WorkerState.Complete, dead: true);                  // complete, never merged: still to merge
        WriteStatus("M005", WorkerState.Complete, dead: true);                  // this run, complete
        WriteStatus("M006", WorkerState.Running);                               // live, whatever its run
        WriteMerged("M001");

        var current = Read();
        var all = Read(all: true);

        current.Workers.Select(w => w.MilestoneId).ShouldBe(["M003", "M004", "M005", "M006"]);
        current.EarlierRunsHidden.ShouldBe(2);
        current.ReadyToMerge.ShouldBe(["M004", "M005"]);
        current.RunId.ShouldBe(RunId);
        all.Workers.Select(w => w.MilestoneId).ShouldBe(["M001", "M002", "M003", "M004", "M005", "M006"]);
        all.Workers.Where(w => w.EarlierRun).Select(w => w.MilestoneId).ShouldBe(["M001", "M002"]);
        all.EarlierRunsHidden.ShouldBe(0);
        Render(current, 200).ShouldContain("2 milestone(s) of earlier runs not shown (`gsd parallel status --all` shows them).");
    }

    [Fact]
    public void Without_a_coordinator_record_every_status_file_shows()
    {
        WriteStatus("M001", WorkerState.Complete, dead: true);
        WriteStatus("M002", WorkerState.Stopped, dead: true);
        WriteMerged("M001");

        var report = Read();

        report.Workers.Select(w => w.MilestoneId).ShouldBe(["M001", "M002"]);
        report.RunId.ShouldBeNull();
        report.EarlierRunsHidden.ShouldBe(0);
    }

    [Fact]
    public void Run_cost_is_this_runs_workers_and_total_cost_is_the_projects_counting_each_unit_once()
    {
        WriteCoordinator(("M003", RunState.Running), ("M004", RunState.Complete));
        // Project-root ledger: a solo `gsd auto` unit and the carried entries of M001, merged in an earlier run.
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        new MetricsLedger(_repo.Root).AppendAll([Unit("M005/S01/T01", start, 0.40m), Unit("M001/S01/T01", start, 0.70m) with { MilestoneId = "M001" }]);
        WriteStatus("M001", WorkerState.Complete, dead: true, cost: 0.70m);
        WriteMerged("M001");
        // M003's worktree ledger is one unit ahead of its status file (the ledger is written first).
        var m003 = Paths.Worktree("M003");
        Directory.CreateDirectory(Path.Combine(m003, ".gsd"));
        new MetricsLedger(m003).AppendAll([Unit("M003/S01/T01", start, 0.20m), Unit("M003/S01/T02", start.AddMinutes(5), 0.05m)]);
        WriteStatus("M003", WorkerState.Running, cost: 0.20m);
        // M004 has no worktree ledger any more: its status file's cost is all there is.
        WriteStatus("M004", WorkerState.Complete, dead: true, cost: 0.50m);

        var report = Read();

        report.RunCost.ShouldBe(0.70m, "M003 and M004 as their status files report them: the sum the ceiling is checked against");
        report.TotalCost.ShouldBe(0.40m + 0.70m + 0.25m + 0.50m);
        Render(report, 200).ShouldContain("Run cost: $0.70 (no ceiling); project total: $1.85");
    }

    [Fact]
    public void A_worker_told_to_pause_shows_pausing_until_it_writes_paused()
    {
        WriteStatus("M002", WorkerState.Running, signalSeq: 3);
        WriteStatus("M003", WorkerState.Pausing, signalSeq: 4);
        WriteStatus("M004", WorkerState.Paused, signalSeq: 4);
        WriteStatus("M005", WorkerState.Running, signalSeq: 4);
        WriteStatus("M006", WorkerState.Running, signalSeq: 4);
        WriteStatus("M007", WorkerState.Running, signalSeq: 3, dead: true);
        WriteSignal("M002", 4, Signals.Pause);  // sent, not read yet
        WriteSignal("M003", 4, Signals.Pause);  // read mid-unit: the worker says pausing
        WriteSignal("M004", 4, Signals.Pause);
        WriteSignal("M005", 4, Signals.Pause);  // already handled by an earlier incarnation: it runs
        WriteSignal("M006", 4, Signals.Resume);
        WriteSignal("M007", 4, Signals.Pause);  // dead: a pause does not hide a crash

        var states = Read().Workers.ToDictionary(w => w.MilestoneId, w => w.State);

        states.ShouldBe(new Dictionary<string, string>
        {
            ["M002"] = "pausing",
            ["M003"] = "pausing",
            ["M004"] = "paused",
            ["M005"] = "running",
            ["M006"] = "running",
            ["M007"] = "crashed",
        });
        WorkerStates.IsLive(WorkerState.Pausing).ShouldBeTrue("a dead pausing worker is a crash");
        Render(Read(), 80).ShouldContain("pausing");
    }

    [Fact]
    public void At_80_columns_no_unit_id_is_broken_across_lines()
    {
        var units = new[] { "M012/S10/T12", "M002/S01/T01", "M104/S03", "M007" };
        var report = Report(
            View("M012", "running", new UnitRef("execute-task", units[0], DateTimeOffset.UtcNow), new Progress(10, 12, 33, 40), 123.45m, 4194303),
            View("M002", "pausing", new UnitRef("execute-task", units[1], DateTimeOffset.UtcNow), new Progress(0, 1, 0, 2), 0.25m, 812345),
            View("M104", "running", new UnitRef("complete-slice", units[2], DateTimeOffset.UtcNow), new Progress(2, 3, 9, 9), 9.99m, 7),
            View("M007", "running", new UnitRef("complete-milestone", units[3], DateTimeOffset.UtcNow), new Progress(3, 3, 9, 9), 14.5m, 99999) with
            {
                Error = $"execute-task {units[0]} failed 3 times: the verification command exited 1 after {units[1]} and {units[2]} landed; see .gsd/parallel/M007.log",
            },
            View("M003", "complete", null, new Progress(1, 1, 2, 2), 1, 0) with { RunState = RunState.Merged },
            View("M005", "complete", null, new Progress(1, 1, 2, 2), 1, 0) with { RunState = RunState.Conflict });

        var text = Render(report, 80);
        var lines = text.Split('\n');

        lines.ShouldAllBe(l => l.TrimEnd().Length <= 80, text);
        foreach (var id in units)
        {
            lines.ShouldContain(l => Regex.IsMatch(l, $@"(^|[\s(]){Regex.Escape(id)}(\s|$)"), $"{id} whole on one line in\n{text}");
        }
        // Every row is one line: its milestone id starts it, the progress and cost are on it.
        lines.ShouldContain(l => l.Contains("M012") && l.Contains("execute M012/S10/T12") && l.Contains("S10/12 T33/40") && l.Contains("$123.45"), text);
        lines.ShouldContain(l => l.Contains("M003") && l.Contains("merged"), text);
        lines.ShouldContain(l => l.Contains("M005") && l.Contains("conflict"), text);
        SplitUnitIds().IsMatch(text).ShouldBeFalse(text);

        // Wide (or piped) output keeps every column and the full unit type.
        var wide = Render(report, 400);
        wide.ShouldContain("execute-task M012/S10/T12");
        wide.ShouldContain("4194303");
        wide.ShouldContain("complete (merged)");
    }

    [Fact]
    public async Task Status_json_has_run_id_run_cost_total_cost_and_all_lists_earlier_runs()
    {
        WriteCoordinator(("M003", RunState.Running));
        WriteStatus("M001", WorkerState.Complete, dead: true, cost: 0.70m);
        WriteStatus("M003", WorkerState.Running, cost: 0.30m, signalSeq: 1);
        WriteSignal("M003", 2, Signals.Pause);
        WriteMerged("M001");
        new MetricsLedger(_repo.Root).Append(Unit("M001/S01/T01", DateTimeOffset.UtcNow, 0.70m) with { MilestoneId = "M001" });

        var current = JsonNode.Parse(await StatusAsync("--json"))!;
        var all = JsonNode.Parse(await StatusAsync("--json", "--all"))!;
        var text = await StatusAsync();

        ((string?)current["runId"]).ShouldBe(RunId);
        ((decimal)current["runCost"]!).ShouldBe(0.30m);
        ((decimal)current["totalCost"]!).ShouldBe(1.00m);
        ((int)current["earlierRunsHidden"]!).ShouldBe(1);
        current["workers"]!.AsArray().Select(w => ((string?)w!["milestoneId"], (string?)w["state"])).ShouldBe([("M003", "pausing")]);
        all["workers"]!.AsArray().Select(w => ((string?)w!["milestoneId"], (bool)w["earlierRun"]!)).ShouldBe([("M001", true), ("M003", false)]);
        ((int)all["earlierRunsHidden"]!).ShouldBe(0);
        text.ShouldContain("Run cost: $0.30 (no ceiling); project total: $1.00");
        text.ShouldContain("1 milestone(s) of earlier runs not shown");
        text.Split('\n').ShouldNotContain(l => l.TrimStart().StartsWith("M001", StringComparison.Ordinal), text);
    }

    /// <summary>The real worker: `pausing` from the moment it reads the pause mid-unit, `paused` after the unit, T0/2 in its first task, T1/2 once it is done.</summary>
    [Fact]
    public void A_running_worker_reads_a_pause_as_pausing_finishes_its_unit_then_is_paused_with_the_unit_counted()
    {
        using var p = new ParallelProject();
        p.Gsd("parallel", "start", "--yes").ExitCode.ShouldBe(0);
        p.WaitForAgent("M002");
        p.WaitUntil(() => (string?)p.StatusFile("M002")?["currentUnit"]?["id"] == "M002/S01/T01", "M002 reports its first task");
        var first = p.Worker(p.Status(), "M002")!["progress"]!;
        ((int)first["tasksDone"]!, (int)first["tasksTotal"]!).ShouldBe((0, 2), "in its first task nothing is done yet");
        p.Gsd("parallel", "status").StdOut.ShouldContain("T0/2");

        p.Gsd("parallel", "pause", "M002").ExitCode.ShouldBe(0);
        p.WorkerState("M002").ShouldBe("pausing", "status says pausing from the moment the pause is sent");
        p.WaitUntil(() => (string?)p.StatusFile("M002")?["state"] == "pausing", "the worker reads the pause mid-unit and writes pausing");
        p.WorkerState("M002").ShouldBe("pausing");

        p.OpenGate("M002/S01/T01");
        p.WaitForState("M002", "paused");
        var paused = p.Worker(p.Status(), "M002")!;
        ((int)paused["progress"]!["tasksDone"]!).ShouldBe(1, "the task finished before the pause counts");
        ((int)paused["completedUnits"]!).ShouldBe(1);
        p.WorkerState("M004").ShouldBe("running", "M004 was not told to pause");
    }

    private ParallelStatusReport Read(bool all = false) =>
        ParallelStatusReader.Read(Paths, null, null, DateTimeOffset.UtcNow, Timings.Default, all);

    private async Task<string> StatusAsync(params string[] args)
    {
        var r = await InProcessGsd.RunAsync(_repo.Root, ["parallel", "status", .. args]);
        r.ExitCode.ShouldBe(0, r.ToString());
        return r.StdOut;
    }

    private static string Render(ParallelStatusReport report, int width)
    {
        var console = new TestConsole();
        console.Profile.Width = width;
        console.Write(ParallelRenderer.Dashboard(report));
        return console.Output.Replace("\r", string.Empty, StringComparison.Ordinal);
    }

    private static ParallelStatusReport Report(params WorkerView[] workers) =>
        new(new CoordinatorInfo(4242, true, RunId, 0.4, null), workers, 160m, 200m, false, [], []) { RunId = RunId, RunCost = 150m };

    private static WorkerView View(string mid, string state, UnitRef? unit, Progress progress, decimal cost, int pid) =>
        new(mid, $"Milestone {mid} with a title long enough to matter", state, pid, unit, 7, progress, cost, 3600, null, $"milestone/{mid}", null, null);

    private static UnitMetrics Unit(string id, DateTimeOffset started, decimal cost) =>
        new("execute-task", id, "sim", started, started.AddMinutes(1), new MetricsTokens(1, 1, 0, 0, 2), cost);

    private void WriteCoordinator(params (string Mid, RunState State)[] milestones) =>
        CoordinatorStateStore.Write(Paths, new CoordinatorState
        {
            Pid = 1,
            RunId = RunId,
            Config = new RunConfig(2, null, "manual", "squash", 1),
            ExitReason = "nothing left to run",
            Milestones = milestones.ToDictionary(m => m.Mid, m => new MilestoneRun(m.State), StringComparer.Ordinal),
        });

    private void WriteStatus(string mid, WorkerState state, bool dead = false, decimal cost = 0, long signalSeq = 0)
    {
        var now = DateTimeOffset.UtcNow;
        JsonFile.Write(Paths.StatusFile(mid), new WorkerStatus
        {
            MilestoneId = mid,
            Pid = dead ? int.MaxValue : _live.Pid,
            ProcessStartedAt = dead ? 0 : _live.StartTicks,
            State = state,
            CurrentUnit = WorkerStates.IsLive(state) ? new UnitRef("execute-task", $"{mid}/S01/T01", now) : null,
            Progress = new Progress(0, 1, 0, 2),
            Cost = cost,
            LastHeartbeat = now,
            StartedAt = now.AddMinutes(-1),
            Worktree = Paths.Worktree(mid),
            Branch = $"milestone/{mid}",
            SignalSeq = signalSeq,
        }, GsdJsonContext.Default.WorkerStatus);
    }

    private void WriteSignal(string mid, long seq, string signal) =>
        JsonFile.Write(Paths.SignalFile(mid), new WorkerSignal(seq, signal, DateTimeOffset.UtcNow, "gsd parallel " + signal), GsdJsonContext.Default.WorkerSignal);

    private void WriteMerged(string mid)
    {
        var ledger = new MergeLedgerFile();
        ledger.Milestones[mid] = new MergeRecord(MergeRecordOutcome.Merged, DateTimeOffset.UtcNow, "abc1234", null, []);
        JsonFile.Write(Path.Combine(Paths.Directory, "merges.json"), ledger, GsdJsonContext.Default.MergeLedgerFile);
    }

    /// <summary>A unit id cut at a line end: `M002/S01/` or `M002/` with the rest on the next line.</summary>
    [GeneratedRegex(@"M\d{3}/(S\d{2}/)?\s*\n")]
    private static partial Regex SplitUnitIds();
}
