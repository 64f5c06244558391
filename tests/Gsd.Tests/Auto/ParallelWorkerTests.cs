using Gsd.Processes;
using Gsd.Protocol;
using Gsd.Tests.Support;

namespace Gsd.Tests.Auto;

/// <summary>
/// `gsd auto` as a parallel worker (GSD_PARALLEL_WORKER=1): the status file is a heartbeat also while the agent runs,
/// and the signal file and SIGTERM pause, resume and stop it (ARCHITECTURE §6).
/// </summary>
public sealed class ParallelWorkerTests
{
    [Fact]
    public void Status_heartbeat_advances_while_the_agent_runs_and_names_the_agent_pid()
    {
        using var project = new AutoProject(AutoProject.Sim(delay: "2s", slices: 1, tasks: 1));
        var mid = project.NewMilestone("Heartbeat");
        using var worker = project.Start(project.WorkerEnv(mid), "auto");

        var first = Eventually.Value(() => project.Status(mid), s => s.CurrentUnit is not null && s.AgentPid is not null, () => $"a unit with its agent\n{worker}");
        first.State.ShouldBe(WorkerState.Running);
        first.Pid.ShouldBe(worker.Pid);
        first.ProcessStartedAt.ShouldBe(ProcessIdentity.ReadStartTicks(worker.Pid)!.Value);
        first.MilestoneId.ShouldBe(mid);
        first.Worktree.ShouldBe(project.Root);
        first.Branch.ShouldBe("main");
        var agentPid = first.AgentPid!.Value;
        agentPid.ShouldNotBe(worker.Pid);
        File.ReadAllText($"/proc/{agentPid}/cmdline").ShouldContain("sim-agent");
        NativeMethods.GetPgid(agentPid).ShouldBe(agentPid, "the agent leads its own process group");

        // Same unit, same agent, later heartbeat: the timer writes while the agent works.
        var later = Eventually.Value(
            () => project.Status(mid),
            s => s.LastHeartbeat > first.LastHeartbeat && s.CurrentUnit?.Id == first.CurrentUnit!.Id && s.AgentPid == agentPid,
            () => $"a later heartbeat during {first.CurrentUnit!.Id}\n{worker}");
        later.CurrentUnit!.StartedAt.ShouldBe(first.CurrentUnit!.StartedAt);

        worker.WaitForExit().ShouldBe(0, worker.ToString());
        var final = project.Status(mid).ShouldNotBeNull();
        final.State.ShouldBe(WorkerState.Complete);
        final.CurrentUnit.ShouldBeNull();
        final.AgentPid.ShouldBeNull();
        final.CompletedUnits.ShouldBe(5);
        final.Progress.ShouldBe(new Progress(1, 1, 1, 1));
        final.Cost.ShouldBe(0.03m);
        File.ReadAllText(project.Paths.AgentLogFile(mid)).ShouldContain("[simulated agent]", customMessage: "the agent's output goes to logs/<MID>.jsonl");
    }

    [Fact]
    public void Pause_finishes_the_unit_then_waits_alive_and_heartbeating_then_resume_goes_on_to_complete()
    {
        using var project = new AutoProject(AutoProject.Sim(delay: "2s", slices: 1, tasks: 1));
        var mid = project.NewMilestone("Pausable");
        using var worker = project.Start(project.WorkerEnv(mid), "auto");
        var running = Eventually.Value(() => project.Status(mid), s => s.CurrentUnit is not null, () => worker.ToString());

        var pause = SignalSender.Send(project.Paths, mid, Signals.Pause, "test", TimeProvider.System);

        var paused = Eventually.Value(() => project.Status(mid), s => s.State == WorkerState.Paused, () => $"paused\n{worker}");
        paused.SignalSeq.ShouldBe(pause.Seq);
        paused.CurrentUnit.ShouldBeNull();
        paused.CompletedUnits.ShouldBeGreaterThanOrEqualTo(1, "the unit running when pause came was finished");
        project.Metrics().Units.ShouldContain(u => u.Id == running.CurrentUnit!.Id && u.Outcome == "succeeded");
        var units = project.Metrics().Units.Count;
        var heartbeat = paused.LastHeartbeat;
        Eventually.Value(() => project.Status(mid), s => s.State == WorkerState.Paused && s.LastHeartbeat > heartbeat, () => "heartbeat while paused");
        worker.HasExited.ShouldBeFalse();
        project.Metrics().Units.Count.ShouldBe(units, "no unit starts while paused");

        var resume = SignalSender.Send(project.Paths, mid, Signals.Resume, "test", TimeProvider.System);
        resume.Seq.ShouldBe(pause.Seq + 1);

        worker.WaitForExit().ShouldBe(0, worker.ToString());
        var final = project.Status(mid).ShouldNotBeNull();
        final.State.ShouldBe(WorkerState.Complete);
        final.SignalSeq.ShouldBe(resume.Seq);
        worker.StdOut.ShouldContain("paused");
        worker.StdOut.ShouldContain("resumed");
    }

    [Fact]
    public void Stop_through_the_signal_file_interrupts_the_unit_saves_its_work_and_exits_stopped()
    {
        using var project = new AutoProject(AutoProject.Sim());
        var agent = WorkThenSleepAgent(project);
        project.SetPreferences(AutoProject.Command(agent.Script));
        var mid = project.PlannedMilestone("Stoppable", new PlannedTaskSpec("Long task", ["work.txt"]));
        var before = project.Repo.Head();
        using var worker = project.Start(project.WorkerEnv(mid), "auto");
        Eventually.True(() => File.Exists(agent.Ready), () => $"agent wrote its file\n{worker}");
        var agentPids = File.ReadAllLines(agent.Pids).Select(int.Parse).ToList();

        var stop = SignalSender.Send(project.Paths, mid, Signals.Stop, "test", TimeProvider.System);

        worker.WaitForExit().ShouldBe(0, worker.ToString());
        Eventually.Gone(agentPids, "the stopped agent's process group");
        AssertInterruptedAndSaved(project, mid, before, worker);
        project.Status(mid)!.SignalSeq.ShouldBe(stop.Seq);
        project.Status(mid)!.Error.ShouldNotBeNull().ShouldContain("stopped by test");
    }

    [Fact]
    public void Sigterm_mid_unit_stops_the_agents_process_group_records_the_unit_as_interrupted_and_commits_wip()
    {
        using var project = new AutoProject(AutoProject.Sim());
        var agent = WorkThenSleepAgent(project);
        project.SetPreferences(AutoProject.Command(agent.Script));
        var mid = project.PlannedMilestone("Terminated", new PlannedTaskSpec("Long task", ["work.txt"]));
        var before = project.Repo.Head();
        using var worker = project.Start(project.WorkerEnv(mid), "auto");
        Eventually.True(() => File.Exists(agent.Ready), () => $"agent wrote its file\n{worker}");
        var agentPids = File.ReadAllLines(agent.Pids).Select(int.Parse).ToList();
        project.Status(mid)!.AgentPid.ShouldBe(agentPids[0]);

        worker.Signal(NativeMethods.SIGTERM);

        worker.WaitForExit().ShouldBe(0, worker.ToString());
        Eventually.Gone(agentPids, "the interrupted agent's process group");
        AssertInterruptedAndSaved(project, mid, before, worker);
        project.Status(mid)!.Error.ShouldNotBeNull().ShouldContain("termination signal");
    }

    [Fact]
    public void Stop_while_paused_exits_stopped_without_starting_a_unit()
    {
        using var project = new AutoProject(AutoProject.Sim(delay: "1s", slices: 1, tasks: 1));
        var mid = project.NewMilestone("Paused then stopped");
        using var worker = project.Start(project.WorkerEnv(mid), "auto");
        Eventually.Value(() => project.Status(mid), s => s.CurrentUnit is not null, () => worker.ToString());
        SignalSender.Send(project.Paths, mid, Signals.Pause, "test", TimeProvider.System);
        Eventually.Value(() => project.Status(mid), s => s.State == WorkerState.Paused, () => worker.ToString());
        var units = project.Metrics().Units.Count;

        SignalSender.Send(project.Paths, mid, Signals.Stop, "test", TimeProvider.System);

        worker.WaitForExit().ShouldBe(0, worker.ToString());
        project.Status(mid)!.State.ShouldBe(WorkerState.Stopped);
        project.Metrics().Units.Count.ShouldBe(units);
        File.Exists(project.LockPath).ShouldBeFalse();
    }

    private static void AssertInterruptedAndSaved(AutoProject project, string mid, string before, GsdProcess worker)
    {
        var status = project.Status(mid).ShouldNotBeNull();
        status.State.ShouldBe(WorkerState.Stopped);
        status.CurrentUnit.ShouldBeNull();
        status.AgentPid.ShouldBeNull();
        var last = project.Metrics().Units[^1];
        last.Id.ShouldBe($"{mid}/S01/T01");
        last.Outcome.ShouldBe("interrupted");
        var commits = project.CommitsSince(before);
        commits.Select(c => c.Subject).ShouldBe([$"wip({mid}/S01/T01): interrupted"], worker.ToString());
        commits[0].Files.ShouldBe(["work.txt"]);
        commits[0].Trailer("GSD-Unit").ShouldBe($"{mid}/S01/T01");
        project.Repo.Read("work.txt").ShouldBe("half done\n");
        project.Repo.Git("status", "--porcelain").ShouldBeEmpty();
        File.Exists(project.LockPath).ShouldBeFalse();
        worker.StdOut.ShouldContain("interrupted");
    }

    /// <summary>Writes work.txt, records its own pid and a grandchild's, says ready, then sleeps until killed.</summary>
    internal static (string Script, string Ready, string Pids) WorkThenSleepAgent(AutoProject project)
    {
        var ready = Path.Combine(project.Scratch, "ready");
        var pids = Path.Combine(project.Scratch, "agent-pids");
        var script = TestAgents.WriteScript(project.Scratch, "work-then-sleep-agent", $$"""
            cat > /dev/null
            echo "half done" > work.txt
            echo $$ > {{TestAgents.Q(pids)}}
            sh -c 'sleep 1000 & echo $! >> "$1"; wait' sh {{TestAgents.Q(pids)}} &
            until [ "$(wc -l < {{TestAgents.Q(pids)}})" -ge 2 ]; do sleep 0.05; done
            touch {{TestAgents.Q(ready)}}
            wait
            """);
        return (script, ready, pids);
    }
}
