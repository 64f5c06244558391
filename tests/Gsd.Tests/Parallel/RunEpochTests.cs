using System.Text.Json.Nodes;
using Gsd.Processes;
using Gsd.Tests.Support;

namespace Gsd.Tests.Parallel;

/// <summary>
/// Issue 8 items 1, 2 and 5: runs are epochs (nothing of an earlier run acts on a later one), a run takes the project
/// root's preferences once and its workers use them, `start` checks the agent first, and a coordinator crash does not
/// stall the dependency graph. Real `gsd` processes, real git, the gated agent.
/// </summary>
[Collection(EndToEnd.Name)]
public sealed class RunEpochTests
{
    [Fact]
    public void After_stop_a_new_start_runs_workers_that_ignore_the_earlier_runs_stop_signal()
    {
        using var p = new ParallelProject();
        p.Gsd("parallel", "start", "--yes").ExitCode.ShouldBe(0);
        p.WaitForAgent("M002");
        p.WaitForAgent("M004");
        var firstRun = (string)p.CoordinatorFile()!["runId"]!;
        var stop = p.Gsd("parallel", "stop");
        stop.ExitCode.ShouldBe(0, stop.ToString());
        p.WorkerState("M002").ShouldBe("stopped");
        p.WaitUntil(() => !p.CoordinatorAlive(), "the first run's coordinator exits");
        var agentRuns = AgentRuns(p, "M002");
        // Run ids have one-second resolution: the next run must not share the first one's.
        p.WaitUntil(() => DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture) != firstRun, "a new second");

        var r = p.Gsd("parallel", "start", "--yes");

        r.ExitCode.ShouldBe(0, r.ToString());
        r.All.ShouldNotContain("received stop");
        var secondRun = (string)p.CoordinatorFile()!["runId"]!;
        secondRun.ShouldNotBe(firstRun);
        ((string?)p.StatusFile("M002")!["runId"]).ShouldBe(secondRun, "the worker's status file carries its run");
        ((string?)JsonNode.Parse(File.ReadAllText(Path.Combine(p.ParallelDir, "M002.signal.json")))!["runId"]).ShouldBe(firstRun, "the stop was addressed to the first run");
        p.WaitUntil(() => AgentRuns(p, "M002") > agentRuns, "the new M002 worker runs its agent instead of obeying the old stop");
        p.WorkerState("M002").ShouldBe("running");
        ((string?)p.Status()["runId"]).ShouldBe(secondRun);

        // A stop of this run still reaches this run's workers.
        var again = p.Gsd("parallel", "stop", "M002");
        again.ExitCode.ShouldBe(0, again.ToString());
        p.WorkerState("M002").ShouldBe("stopped");
        ((string?)JsonNode.Parse(File.ReadAllText(Path.Combine(p.ParallelDir, "M002.signal.json")))!["runId"]).ShouldBe(secondRun);
    }

    [Fact]
    public void Start_fails_and_says_why_when_every_worker_ends_in_error_and_the_error_names_the_root_preferences_file()
    {
        using var p = new ParallelProject();
        // The agent exists when `start` checks it, and is gone by the time each worker starts (the hook removes it).
        var agent = TestAgents.WriteScript(p.GateDir, "vanishing-agent", "exit 0");
        var hook = TestAgents.WriteScript(p.GateDir, "post-create", $"rm -f {TestAgents.Q(agent)}");
        p.WritePreferences(p.Preferences(extra: $"git:\n  worktree_post_create: \"{hook}\"").Replace(p.Agent, agent, StringComparison.Ordinal));
        p.Repo.Commit("an agent that vanishes");

        var r = p.Gsd("parallel", "start", "--yes");

        r.ExitCode.ShouldBe(1, r.ToString());
        r.All.ShouldContain("every worker ended in error");
        r.All.ShouldContain(agent);
        // The worker names the project root's file (where the run took its preferences), not its worktree's copy.
        r.All.ShouldContain(Path.Combine(p.Root, ".gsd", "PREFERENCES.md") + ":");
    }

    [Fact]
    public void Workers_use_the_project_roots_preferences_uncommitted_edits_included_and_status_says_where_they_came_from()
    {
        using var p = new ParallelProject();
        // Committed (so on every milestone branch): an agent that does not exist. Fixed in the root, not committed.
        var good = p.Preferences();
        p.WritePreferences(good.Replace(p.Agent, Path.Combine(p.GateDir, "no-such-agent"), StringComparison.Ordinal));
        p.Repo.Commit("a broken agent");
        p.WritePreferences(good);

        var r = p.Gsd("parallel", "start", "--yes");

        r.ExitCode.ShouldBe(0, r.ToString());
        p.WaitForAgent("M002");
        p.WaitForAgent("M004");
        p.WorkerState("M002").ShouldBe("running");
        var recorded = JsonNode.Parse(File.ReadAllText(Path.Combine(p.ParallelDir, "preferences.json")))!;
        ((string?)recorded["runId"]).ShouldBe((string?)p.CoordinatorFile()!["runId"]);
        var file = recorded["files"]!.AsArray().Last()!;
        ((string?)file["path"]).ShouldBe(Path.Combine(p.Root, ".gsd", "PREFERENCES.md"));
        ((bool?)file["uncommitted"]).ShouldBe(true);
        var status = p.Gsd("parallel", "status");
        status.StdOut.ShouldContain("Preferences: ");
        status.StdOut.ShouldContain(".gsd/PREFERENCES.md (uncommitted edits included) (taken at");
        var json = p.Status();
        ((string?)json["preferences"]!["runId"]).ShouldBe((string?)json["runId"]);
    }

    [Fact]
    public void Start_refuses_with_exit_2_naming_agent_command_and_its_line_when_the_agent_does_not_exist()
    {
        using var p = new ParallelProject();
        var missing = Path.Combine(p.GateDir, "no-such-agent");
        p.WritePreferences(p.Preferences().Replace(p.Agent, missing, StringComparison.Ordinal));
        p.Repo.Commit("a missing agent");

        var r = p.Gsd("parallel", "start", "--yes");

        r.ExitCode.ShouldBe(2, r.ToString());
        r.StdErr.ShouldContain("agent.command (.gsd/PREFERENCES.md:");
        r.StdErr.ShouldContain(missing);
        r.StdErr.ShouldNotContain("   at ");
        p.CoordinatorFile().ShouldBeNull("nothing was launched");
        Directory.Exists(p.Worktree("M002")).ShouldBeFalse("no worktree was made");
    }

    [Fact]
    public void Start_refuses_with_exit_2_naming_agent_kind_when_the_claude_executable_does_not_resolve()
    {
        using var p = new ParallelProject();
        p.WritePreferences(p.Preferences().Replace("kind: command", "kind: claude", StringComparison.Ordinal));
        p.Repo.Commit("claude");
        p.Env["GSD_CLAUDE_BIN"] = Path.Combine(p.GateDir, "no-claude-here");

        var r = p.Gsd("parallel", "start", "--yes");

        r.ExitCode.ShouldBe(2, r.ToString());
        r.StdErr.ShouldContain("agent.kind (.gsd/PREFERENCES.md:");
        r.StdErr.ShouldContain("no-claude-here");
        p.CoordinatorFile().ShouldBeNull("nothing was launched");
    }

    [Fact]
    public void Start_refuses_an_unknown_agent_kind_with_exit_2_naming_the_key()
    {
        using var p = new ParallelProject();
        p.WritePreferences(p.Preferences().Replace("kind: command", "kind: robot", StringComparison.Ordinal));

        var r = p.Gsd("parallel", "start", "--yes");

        r.ExitCode.ShouldBe(2, r.ToString());
        r.StdErr.ShouldContain("agent.kind");
        r.StdErr.ShouldContain("robot");
        p.CoordinatorFile().ShouldBeNull("nothing was launched");
    }

    [Fact]
    public void After_a_coordinator_crash_status_says_so_and_start_merges_what_completed_then_starts_what_that_unblocks()
    {
        using var p = new ParallelProject();
        p.Reconfigure(parallelExtra: "auto_merge: auto");
        p.Gsd("parallel", "start", "--yes").ExitCode.ShouldBe(0);
        p.WaitForAgent("M002");
        p.WaitForAgent("M004");
        var coordinator = (int)p.CoordinatorFile()!["pid"]!;
        var run = (string)p.CoordinatorFile()!["runId"]!;
        NativeMethods.Kill(coordinator, NativeMethods.SIGKILL);
        p.WaitUntil(() => !ParallelProject.IsAlive(coordinator), "the coordinator is dead");
        p.OpenGate("M002");
        p.WaitForState("M002", "complete");

        var status = p.Gsd("parallel", "status");
        status.StdOut.ShouldContain($"Coordinator: crashed (pid {coordinator}, run {run}); run `gsd parallel start` to adopt the 1 live worker(s) and merge what completed");
        var json = p.Status();
        ((bool?)json["coordinator"]!["crashed"]).ShouldBe(true);
        json["readyToMerge"]!.AsArray().Select(n => (string?)n).ShouldContain("M002", "M002 finished after its coordinator died");

        var r = p.Gsd("parallel", "start", "--yes");

        r.ExitCode.ShouldBe(0, r.ToString());
        r.StdOut.ShouldNotContain("No eligible milestones");
        r.StdOut.ShouldContain("merging what completed meanwhile (auto_merge: auto): M002");
        r.StdOut.ShouldContain("Adopting 1 live worker(s)");
        p.Repo.Git("log", "--format=%s", "main").ShouldContain("feat(M002)");
        r.StdOut.ShouldContain("milestone/M003", Case.Sensitive, "the merge unblocked M003, which this start started");
        p.WaitUntil(() => p.StatusFile("M003") is not null, "M003 runs");
        ((string?)p.CoordinatorFile()!["runId"]).ShouldBe(run, "the crashed run is resumed, not replaced");
    }

    private static int AgentRuns(ParallelProject p, string mid)
    {
        var file = Path.Combine(p.GateDir, $"agent-{mid}.pid");
        return File.Exists(file) ? File.ReadAllLines(file).Count(l => l.Trim().Length > 0) : 0;
    }
}
