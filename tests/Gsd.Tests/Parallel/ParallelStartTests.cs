using System.Text.Json.Nodes;
using Gsd.Processes;
using Gsd.Tests.Support;

namespace Gsd.Tests.Parallel;

/// <summary>Issue 4 item 2: `gsd parallel start` — the eligibility report, worktrees, and returning once workers heartbeat.</summary>
[Collection(EndToEnd.Name)]
public sealed class ParallelStartTests : IDisposable
{
    private readonly ParallelProject _p = new();

    public void Dispose() => _p.Dispose();

    [Fact]
    public void Start_reports_eligibility_makes_worktrees_and_returns_once_workers_heartbeat()
    {
        var hookLog = Path.Combine(_p.GateDir, "hook.log");
        var hook = TestAgents.WriteScript(_p.GateDir, "post-create", $"echo \"$GSD_MILESTONE_ID $PWD\" >> {TestAgents.Q(hookLog)}");
        _p.Reconfigure(extra: $"git:\n  worktree_post_create: \"{hook}\"");

        var r = _p.Gsd("parallel", "start", "--yes");

        r.ExitCode.ShouldBe(0, r.ToString());
        r.StdOut.ShouldContain("Eligible for Parallel Execution (2)");
        r.StdOut.ShouldContain("  M002  Second milestone");
        r.StdOut.ShouldContain("  M004  Fourth milestone");
        r.StdOut.ShouldContain("Ineligible (2)");
        r.StdOut.ShouldContain("  M001  Already complete.");
        r.StdOut.ShouldContain("  M003  Blocked by incomplete dependencies: M002.");
        r.StdOut.ShouldContain("File Overlap Warnings (1)");
        r.StdOut.ShouldContain("M002 and M004 both touch: shared.txt");
        foreach (var mid in new[] { "M002", "M004" })
        {
            // Returned once the worker heartbeats: its status file exists, its process is alive, and the table shows both.
            var status = _p.StatusFile(mid).ShouldNotBeNull($"{mid} heartbeats before start returns\n{r}");
            var pid = (int)status["pid"]!;
            ParallelProject.IsAlive(pid).ShouldBeTrue();
            r.StdOut.ShouldContain($"milestone/{mid}");
            r.StdOut.ShouldContain(pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
            r.StdOut.ShouldContain(_p.Worktree(mid));

            ProcessRunner.Git(_p.Worktree(mid), "rev-parse", "--abbrev-ref", "HEAD").ShouldBe($"milestone/{mid}");
            var meta = JsonNode.Parse(_p.Repo.Git("show", $"milestone/{mid}:.gsd/milestones/{mid}/{mid}-META.json"))!;
            ((string?)meta["integrationBranch"]).ShouldBe("main");
            File.ReadAllText(hookLog).ShouldContain($"{mid} {_p.Worktree(mid)}");
        }
        _p.StatusFile("M003").ShouldBeNull("M003 waits for M002 and gets no worker");

        _p.OpenGate();
        _p.WaitForState("M002", "complete");
        _p.WaitForState("M004", "complete");
        _p.WaitUntil(() => !_p.CoordinatorAlive(), "the coordinator exits when nothing runs or can start");
        var exit = (string?)_p.CoordinatorFile()!["exitReason"];
        exit.ShouldNotBeNull().ShouldContain("nothing left to run");
        exit.ShouldContain("M003 waits for M002 to be merged");
        _p.Repo.Git("log", "--format=%s", "milestone/M002").ShouldContain("feat(M002/S01/T02): Task 2");
        _p.Repo.Git("status", "--porcelain").ShouldBeEmpty("the user's checkout is untouched");
    }

    [Fact]
    public void Start_json_carries_eligible_ineligible_overlaps_and_started()
    {
        var r = _p.Gsd("parallel", "start", "--json");

        r.ExitCode.ShouldBe(0, r.ToString());
        var doc = JsonNode.Parse(r.StdOut)!;
        doc["eligible"]!.AsArray().Select(n => (string?)n).ShouldBe(["M002", "M004"]);
        var ineligible = doc["ineligible"]!.AsArray().ToDictionary(n => (string)n!["id"]!, n => (string)n!["reason"]!);
        ineligible.ShouldBe(new Dictionary<string, string>
        {
            ["M001"] = "Already complete.",
            ["M003"] = "Blocked by incomplete dependencies: M002.",
        });
        var overlap = doc["overlaps"]!.AsArray().ShouldHaveSingleItem()!;
        ((string?)overlap["a"]).ShouldBe("M002");
        ((string?)overlap["b"]).ShouldBe("M004");
        overlap["files"]!.AsArray().Select(n => (string?)n).ShouldBe(["shared.txt"]);
        doc["started"]!.AsArray().Select(n => (string?)n).Order().ShouldBe(["M002", "M004"]);
        doc["workers"]!.AsArray().Select(w => (int)w!["pid"]!).ShouldAllBe(pid => ParallelProject.IsAlive(pid));
    }

    [Fact]
    public void No_eligible_milestones_points_to_gsd_queue_and_starts_nothing()
    {
        _p.Repo.Write(".gsd/milestones/M002/M002-PARKED.md", "parked\n");
        _p.Repo.Write(".gsd/milestones/M004/M004-SUMMARY.md", "# M004: Fourth milestone\n\nDone.\n");
        _p.Repo.Commit("nothing left");

        var r = _p.Gsd("parallel", "start", "--yes");

        r.ExitCode.ShouldBe(1, r.ToString());
        r.StdOut.ShouldContain("Eligible for Parallel Execution (0)");
        r.StdOut.ShouldContain("  M002  Parked.");
        r.StdOut.ShouldContain("  M004  Already complete.");
        r.StdOut.ShouldContain("No eligible milestones");
        r.StdOut.ShouldContain("`gsd queue`");
        _p.CoordinatorFile().ShouldBeNull("no coordinator was started");
        _p.Repo.Git("branch", "--list", "milestone/*").ShouldBeEmpty();
    }

    [Fact]
    public void An_existing_branch_strictly_behind_is_fast_forwarded_and_one_ahead_is_reused_as_it_is()
    {
        _p.Repo.Git("branch", "milestone/M002");
        _p.Repo.Write("later.txt", "main moved on\n");
        var mainTip = _p.Repo.Commit("main moves on");
        _p.Repo.Git("branch", "milestone/M004");
        var worktree = Path.Combine(_p.GateDir, "m004-prep");
        _p.Repo.Git("worktree", "add", "-q", worktree, "milestone/M004");
        File.WriteAllText(Path.Combine(worktree, "earlier-work.txt"), "work done before\n");
        ProcessRunner.Git(worktree, "add", "-A");
        ProcessRunner.Git(worktree, "commit", "-q", "-m", "earlier work on M004");
        var earlier = ProcessRunner.Git(worktree, "rev-parse", "HEAD");
        _p.Repo.Git("worktree", "remove", worktree);

        var r = _p.Gsd("parallel", "start", "--yes");

        r.ExitCode.ShouldBe(0, r.ToString());
        _p.Repo.Git("merge-base", "--is-ancestor", mainTip, "milestone/M002");
        _p.Repo.Git("merge-base", "--is-ancestor", earlier, "milestone/M004");
        File.Exists(Path.Combine(_p.Worktree("M004"), "earlier-work.txt")).ShouldBeTrue("the existing branch was reused, not recreated");
        File.Exists(Path.Combine(_p.Worktree("M002"), "later.txt")).ShouldBeTrue("the branch was fast-forwarded to main");
    }

    [Fact]
    public void A_worktree_that_cannot_be_made_fails_that_milestone_with_the_git_error_and_starts_no_worker()
    {
        Directory.CreateDirectory(Path.Combine(_p.Root, ".gsd", "worktrees"));
        File.WriteAllText(_p.Worktree("M002"), "a file where the worktree would go\n");

        var r = _p.Gsd("parallel", "start", "--yes");

        r.ExitCode.ShouldBe(0, $"M004 still started\n{r}");
        r.StdOut.ShouldContain("not started (error)");
        r.StdOut.ShouldContain("M002: could not create its worktree");
        r.StdOut.ShouldContain("already exists");
        _p.StatusFile("M002").ShouldBeNull("no worker ran for M002");
        _p.WorkerProcesses("M002").ShouldBeEmpty();
        _p.StatusFile("M004").ShouldNotBeNull();
        _p.Status()["workers"]!.AsArray().Single(w => (string?)w!["milestoneId"] == "M002")!["state"]!.GetValue<string>().ShouldBe("error");
    }

    [Fact]
    public void A_branch_name_clash_fails_with_gits_own_message()
    {
        _p.Repo.Git("branch", "milestone");

        var r = _p.Gsd("parallel", "start", "--yes");

        r.ExitCode.ShouldBe(1, r.ToString());
        r.StdOut.ShouldContain("M002: could not create its worktree");
        r.StdOut.ShouldContain("'refs/heads/milestone' exists");
        r.StdOut.ShouldContain("M004: could not create its worktree");
        Directory.Exists(_p.Worktree("M002")).ShouldBeFalse();
        _p.WaitUntil(() => !_p.CoordinatorAlive(), "the coordinator exits: nothing can run");
    }

    [Fact]
    public void Planning_files_not_committed_on_the_integration_branch_fail_that_milestone_with_how_to_fix_it()
    {
        _p.MaxWorkers = 3;
        _p.Reconfigure();
        _p.Repo.Write(".gsd/milestones/M005/M005-CONTEXT.md", "---\ndepends_on: []\n---\n\n# M005: Not committed\n");

        var r = _p.Gsd("parallel", "start", "--yes");

        r.ExitCode.ShouldBe(0, r.ToString());
        r.StdOut.ShouldContain("M005: could not create its worktree: milestone/M005 has no .gsd/milestones/M005/", Case.Sensitive, r.ToString());
        r.StdOut.ShouldContain("git add .gsd/milestones/M005 && git commit");
    }

    [Fact]
    public void A_coordinator_killed_before_any_worker_heartbeats_is_named_as_ended_not_reported_as_pending_workers()
    {
        // The worktree hook holds the coordinator before it launches any worker, so the kill lands before any heartbeat.
        var inHook = Path.Combine(_p.GateDir, "in-hook");
        var hook = TestAgents.WriteScript(_p.GateDir, "post-create", $"touch {TestAgents.Q(inHook)}; while :; do sleep 1; done");
        _p.Reconfigure(extra: $"git:\n  worktree_post_create: \"{hook}\"");
        using var start = _p.StartInBackground("parallel", "start", "--yes");
        _p.WaitUntil(() => File.Exists(inHook), "the coordinator runs the worktree hook");
        var file = _p.CoordinatorFile().ShouldNotBeNull("the coordinator recorded itself before making worktrees");
        var coordinator = new ProcessIdentity((int)file["pid"]!, (long)file["processStartedAt"]!);
        coordinator.IsAlive().ShouldBeTrue("coordinator.json names the live coordinator (pid and start time)");

        NativeMethods.Kill(coordinator.Pid, NativeMethods.SIGKILL).ShouldBe(0);

        var code = start.WaitForExit(ParallelProject.Deadline);
        code.ShouldBe(1, start.ToString());
        start.StdErr.ShouldContain(
            $"the coordinator (pid {coordinator.Pid}) ended before any worker started; see {Path.Combine(_p.ParallelDir, "coordinator.log")}; run `gsd parallel start` again to adopt/restart",
            Case.Sensitive,
            start.ToString());
        start.StdErr.ShouldNotContain("no worker is running");
        _p.StatusFile("M002").ShouldBeNull("no worker heartbeated");
    }

    [Fact]
    public void Foreground_stays_attached_until_the_run_ends()
    {
        _p.OpenGate();

        var r = _p.Gsd("parallel", "start", "--yes", "--foreground");

        r.ExitCode.ShouldBe(0, r.ToString());
        r.StdOut.ShouldContain("Eligible for Parallel Execution (2)");
        r.StdOut.ShouldContain("worker-start");
        r.StdOut.ShouldContain("M002  complete");
        r.StdOut.ShouldContain("ended: nothing left to run");
        var status = _p.Status();
        ((string?)_p.Worker(status, "M002")!["state"]).ShouldBe("complete");
        ((string?)_p.Worker(status, "M004")!["state"]).ShouldBe("complete");
        ((bool?)status["coordinator"]!["alive"]).ShouldBe(false);
        _p.WorkerProcesses("M002").ShouldBeEmpty();
    }
}
