using Gsd.Protocol;
using Gsd.Tests.Support;

namespace Gsd.Tests.Parallel;

/// <summary>
/// The coordinator's decisions, one tick at a time on a fake clock (<see cref="CoordinatorRig"/>): no real waits, no
/// real workers. The end-to-end tests keep the few paths that need real processes (start, kill, crash, merge).
/// </summary>
public sealed class CoordinatorStateMachineTests
{
    [Fact(Timeout = Hang.InProcess)]
    public async Task The_first_tick_starts_eligible_milestones_up_to_max_workers_and_a_dependent_waits()
    {
        using var rig = new CoordinatorRig(maxWorkers: 2);
        var c = rig.NewCoordinator();

        (await c.TickAsync()).ShouldBeTrue();

        rig.Workers.Started.ShouldBe(new[] { "M002", "M004" });
        rig.Run(c, "M002").State.ShouldBe(RunState.Running);
        c.State.Milestones.ContainsKey("M003").ShouldBeFalse("M003 depends on M002, which is not merged");
        Directory.Exists(rig.Paths.Worktree("M002")).ShouldBeTrue("the coordinator makes the worktree before it launches");
    }

    [Fact(Timeout = Hang.InProcess)]
    public async Task A_silent_worker_lives_until_dead_after_then_is_killed_and_restarted_from_its_branch()
    {
        using var rig = new CoordinatorRig(maxWorkers: 1, maxRestarts: 1);
        var c = rig.NewCoordinator();
        await c.TickAsync();
        var first = rig.Workers.Latest("M002");
        rig.Report("M002");

        rig.Clock.Advance(rig.Timings.DeadAfter - TimeSpan.FromSeconds(1));
        await c.TickAsync();
        rig.Workers.Started.Count.ShouldBe(1, "a heartbeat younger than dead-after is alive");

        rig.Clock.Advance(TimeSpan.FromSeconds(2));
        await c.TickAsync();

        first.IsAlive().ShouldBeFalse("the hung worker is killed before a replacement takes its worktree");
        rig.Workers.Started.ShouldBe(new[] { "M002", "M002" });
        rig.Run(c, "M002").Restarts.ShouldBe(1);
        rig.Run(c, "M002").WorkerPid.ShouldBe(rig.Workers.Latest("M002").Pid);
        rig.Events().ShouldContain(e => e.Event == "worker-crashed" && e.Message.Contains($"worker pid {first.Pid} stopped heartbeating"));
        rig.Events().ShouldContain(e => e.Event == "worker-restart" && e.Milestone == "M002");
    }

    [Fact(Timeout = Hang.InProcess)]
    public async Task A_launched_worker_that_never_heartbeats_is_dead_after_dead_after_and_not_restarted_past_max_restarts()
    {
        using var rig = new CoordinatorRig(maxWorkers: 1, maxRestarts: 0);
        rig.Timings = Timings.Default with { DeadAfter = TimeSpan.FromSeconds(5) };
        var c = rig.NewCoordinator();
        await c.TickAsync();
        var launched = rig.Workers.Latest("M002");

        rig.Clock.Advance(TimeSpan.FromSeconds(4));
        await c.TickAsync();
        rig.Run(c, "M002").State.ShouldBe(RunState.Running);

        rig.Clock.Advance(TimeSpan.FromSeconds(2));
        var more = await c.TickAsync();

        rig.Run(c, "M002").State.ShouldBe(RunState.Crashed);
        rig.Run(c, "M002").Error.ShouldBe($"worker pid {launched.Pid} wrote no heartbeat for 5 s");
        launched.IsAlive().ShouldBeFalse();
        rig.Workers.Started.ShouldBe(new[] { "M002", "M004" }, "M002 is not restarted (0 restarts allowed); the freed slot goes to M004");
        more.ShouldBeTrue();
    }

    [Fact(Timeout = Hang.InProcess)]
    public async Task A_worker_that_dies_is_restarted_up_to_max_restarts_then_crashed()
    {
        using var rig = new CoordinatorRig(maxWorkers: 1, maxRestarts: 1);
        var c = rig.NewCoordinator();
        await c.TickAsync();
        rig.Report("M002");
        rig.Workers.Kill("M002");

        await c.TickAsync();
        rig.Run(c, "M002").Restarts.ShouldBe(1);
        rig.Run(c, "M002").State.ShouldBe(RunState.Running);
        rig.Report("M002");
        rig.Workers.Kill("M002");

        await c.TickAsync();

        rig.Run(c, "M002").State.ShouldBe(RunState.Crashed);
        rig.Events().Last(e => e.Event == "worker-crashed").Message.ShouldContain("not restarted (1 of 1 restarts used)");
        rig.Workers.Started.ShouldBe(new[] { "M002", "M002", "M004" });
    }

    [Fact(Timeout = Hang.InProcess)]
    public async Task A_worker_that_dies_after_being_told_to_stop_is_stopped_not_crashed()
    {
        using var rig = new CoordinatorRig(maxWorkers: 1);
        var c = rig.NewCoordinator();
        await c.TickAsync();
        rig.Report("M002");
        SignalSender.Send(rig.Paths, "M002", Signals.Stop, "gsd parallel stop", rig.Clock);
        rig.Workers.Kill("M002");

        await c.TickAsync();

        rig.Run(c, "M002").State.ShouldBe(RunState.Stopped);
        rig.Run(c, "M002").Error.ShouldBe("stopped by gsd parallel stop");
        rig.Workers.Started.Count(id => id == "M002").ShouldBe(1);
    }

    [Fact(Timeout = Hang.InProcess)]
    public async Task At_the_budget_ceiling_every_running_worker_is_told_to_stop_and_nothing_new_starts()
    {
        using var rig = new CoordinatorRig(maxWorkers: 1, parallelExtra: "  budget_ceiling: 1.00");
        var c = rig.NewCoordinator();
        await c.TickAsync();
        rig.Report("M002", cost: 0.60m);
        await c.TickAsync();
        c.State.BudgetReached.ShouldBeFalse();

        rig.Report("M002", cost: 1.20m);
        await c.TickAsync();

        c.State.BudgetReached.ShouldBeTrue();
        c.State.SpentCost.ShouldBe(1.20m);
        SignalSender.LastSent(rig.Paths, "M002")!.Signal.ShouldBe(Signals.Stop);
        SignalSender.LastSent(rig.Paths, "M002")!.From.ShouldBe("coordinator (budget ceiling reached)");
        rig.Events().ShouldContain(e => e.Event == "budget-reached");

        rig.Report("M002", state: WorkerState.Stopped, cost: 1.20m, error: "Budget ceiling reached");
        (await c.TickAsync()).ShouldBeFalse("nothing runs and nothing may start");
        rig.Workers.Started.ShouldBe(new[] { "M002" }, "M004 never starts past the ceiling");
        rig.Run(c, "M002").State.ShouldBe(RunState.Stopped);
    }

    [Fact(Timeout = Hang.InProcess)]
    public async Task Under_auto_merge_a_completed_worker_is_merged_and_what_the_merge_unblocked_starts_in_the_same_tick()
    {
        using var rig = new CoordinatorRig(maxWorkers: 2, parallelExtra: "  auto_merge: auto");
        var c = rig.NewCoordinator();
        await c.TickAsync();
        rig.Report("M002", state: WorkerState.Complete, completedUnits: 1);
        rig.Report("M004");

        await c.TickAsync();

        rig.Merger.Merged.ShouldBe(new[] { "M002" });
        rig.Run(c, "M002").State.ShouldBe(RunState.Merged);
        rig.Run(c, "M002").MergedCommit.ShouldBe(rig.Repo.Head());
        rig.Workers.Started.ShouldBe(new[] { "M002", "M004", "M003" });
        rig.Events().ShouldContain(e => e.Event == "merge-merged" && e.Milestone == "M002");
    }

    [Fact(Timeout = Hang.InProcess)]
    public async Task A_merge_conflict_holds_the_milestone_and_its_dependent_waits_naming_it()
    {
        using var rig = new CoordinatorRig(maxWorkers: 2, parallelExtra: "  auto_merge: auto");
        rig.Merger.Outcome = RunState.Conflict;
        var c = rig.NewCoordinator();
        await c.TickAsync();
        rig.Report("M002", state: WorkerState.Complete, completedUnits: 1);
        rig.Report("M004");

        await c.TickAsync();

        rig.Run(c, "M002").State.ShouldBe(RunState.Conflict);
        rig.Run(c, "M002").ConflictFiles.ShouldBe(new[] { "shared.txt" });
        rig.Workers.Started.ShouldNotContain("M003");
    }

    [Fact(Timeout = Hang.InProcess)]
    public async Task Under_manual_a_completed_worker_is_not_merged_and_the_run_says_what_waits_for_the_merge()
    {
        using var rig = new CoordinatorRig(maxWorkers: 1, parallelExtra: "  auto_merge: manual");
        var c = rig.NewCoordinator();
        await c.TickAsync();
        rig.Report("M002", state: WorkerState.Complete, completedUnits: 1);

        await c.TickAsync();

        rig.Merger.Merged.ShouldBeEmpty();
        rig.Run(c, "M002").State.ShouldBe(RunState.Complete);
        rig.Workers.Started.ShouldBe(new[] { "M002", "M004" });
    }

    [Fact(Timeout = Hang.InProcess)]
    public async Task Pause_holds_new_starts_resume_lets_them_go_and_stop_ends_the_run_once_workers_are_gone()
    {
        using var rig = new CoordinatorRig(maxWorkers: 1);
        var c = rig.NewCoordinator();
        await c.TickAsync();
        rig.Report("M002", state: WorkerState.Complete, completedUnits: 1);
        SignalSender.SendToCoordinator(rig.Paths, Signals.Pause, "gsd parallel pause", rig.Clock);

        await c.TickAsync();
        c.State.Paused.ShouldBeTrue();
        rig.Workers.Started.ShouldBe(new[] { "M002" }, "a freed slot stays free while paused");
        (await c.TickAsync()).ShouldBeFalse("paused with nothing running: the run is over");

        SignalSender.SendToCoordinator(rig.Paths, Signals.Resume, "gsd parallel resume", rig.Clock);
        (await c.TickAsync()).ShouldBeTrue();
        c.State.Paused.ShouldBeFalse();
        rig.Workers.Started.ShouldBe(new[] { "M002", "M004" });

        SignalSender.SendToCoordinator(rig.Paths, Signals.Stop, "gsd parallel stop", rig.Clock);
        rig.Report("M004");
        (await c.TickAsync()).ShouldBeTrue("M004 still runs");
        c.State.Stopping.ShouldBeTrue();
        rig.Report("M004", state: WorkerState.Stopped, error: "stopped by gsd parallel stop");
        (await c.TickAsync()).ShouldBeFalse();
        rig.Workers.Started.ShouldBe(new[] { "M002", "M004" }, "nothing starts once stopping");
        rig.Events().Select(e => e.Event).ShouldContain("coordinator-paused");
        rig.Events().Select(e => e.Event).ShouldContain("coordinator-resumed");
        rig.Events().Select(e => e.Event).ShouldContain("coordinator-stopping");
    }

    [Fact(Timeout = Hang.InProcess)]
    public async Task A_stop_sent_before_the_coordinator_existed_is_not_replayed()
    {
        using var rig = new CoordinatorRig(maxWorkers: 1);
        SignalSender.SendToCoordinator(rig.Paths, Signals.Stop, "an earlier run's stop", rig.Clock);
        var c = rig.NewCoordinator();

        await c.TickAsync();

        c.State.Stopping.ShouldBeFalse();
        rig.Workers.Started.ShouldBe(new[] { "M002" });
    }

    [Fact(Timeout = Hang.InProcess)]
    public async Task Each_new_unit_a_worker_commits_re_predicts_conflicts_and_under_per_slice_auto_lands_its_slices()
    {
        using var rig = new CoordinatorRig(maxWorkers: 1, parallelExtra: "  auto_merge: auto\n  merge_strategy: per-slice");
        var c = rig.NewCoordinator();
        await c.TickAsync();
        rig.Report("M002", completedUnits: 0);
        await c.TickAsync();
        rig.Merger.Landed.ShouldBeEmpty("no slice done yet");

        var status = WorkerStatusStore.TryRead(rig.Paths, "M002")!;
        Gsd.IO.JsonFile.Write(rig.Paths.StatusFile("M002"), status with { CompletedUnits = 2, Progress = new Progress(1, 1, 1, 1) }, GsdJsonContext.Default.WorkerStatus);
        await c.TickAsync();
        rig.Merger.Landed.ShouldBe(new[] { "M002" });

        await c.TickAsync();
        rig.Merger.Landed.Count.ShouldBe(1, "nothing new since: no second landing");
    }

    [Fact(Timeout = Hang.InProcess)]
    public async Task A_second_coordinator_adopts_a_live_worker_instead_of_starting_a_duplicate()
    {
        using var rig = new CoordinatorRig(maxWorkers: 1);
        var first = rig.NewCoordinator();
        await first.TickAsync();
        rig.Report("M002");
        // The first coordinator dies mid-run (its record has no exit reason); a new one takes over.
        Gsd.IO.JsonFile.Write(rig.Paths.CoordinatorFile, first.State, GsdJsonContext.Default.CoordinatorState);

        var second = rig.NewCoordinator();
        await second.TickAsync();

        rig.Workers.Started.ShouldBe(new[] { "M002" });
        rig.Run(second, "M002").WorkerPid.ShouldBe(rig.Workers.Latest("M002").Pid);
        second.State.RunId.ShouldBe(first.State.RunId);
    }

    [Fact(Timeout = Hang.InProcess)]
    public async Task When_a_slot_frees_the_next_eligible_milestone_starts()
    {
        using var rig = new CoordinatorRig(maxWorkers: 1, parallelExtra: "  auto_merge: manual");
        var c = rig.NewCoordinator();
        await c.TickAsync();
        rig.Workers.Started.ShouldBe(new[] { "M002" }, "one worker at a time");
        rig.Report("M002");
        await c.TickAsync();
        rig.Workers.Started.Count.ShouldBe(1);

        rig.Report("M002", state: WorkerState.Complete, completedUnits: 1);
        await c.TickAsync();
        rig.Report("M004", state: WorkerState.Complete, completedUnits: 1);
        (await c.TickAsync()).ShouldBeFalse("nothing runs and M003 waits for M002's merge");

        rig.Events().Where(e => e.Event is "worker-start" or "worker-complete").Select(e => $"{e.Event} {e.Milestone}")
            .ShouldBe(new[] { "worker-start M002", "worker-complete M002", "worker-start M004", "worker-complete M004" });
    }
}
