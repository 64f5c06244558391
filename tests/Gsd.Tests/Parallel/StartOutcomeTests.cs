using Gsd.Parallel;

namespace Gsd.Tests.Parallel;

/// <summary>What `start` concludes from what it saw: a coordinator gone before any worker is named, pending under a live one is no failure.</summary>
public sealed class StartOutcomeTests
{
    private static StartedWorker Pending(string id) => new(id, false, 0, null, null, "pending", null);

    [Fact]
    public void Pending_workers_of_an_ended_coordinator_name_the_coordinator_and_its_log()
    {
        // A SIGTERM still lets the coordinator write its exit reason; it ended all the same.
        var outcome = new StartOutcome([Pending("M005")], null, null) { CoordinatorPid = 4242, CoordinatorLog = "/p/.gsd/parallel/coordinator.log", CoordinatorEnded = true };

        outcome.NothingRunning().ShouldBe("the coordinator (pid 4242) ended before any worker started; see /p/.gsd/parallel/coordinator.log; run `gsd parallel start` again to adopt/restart");
        outcome.StillStarting.ShouldBeEmpty();
    }

    [Fact]
    public void Pending_and_starting_workers_of_a_live_coordinator_are_no_failure()
    {
        var noHeartbeat = new StartedWorker("M004", false, 77, null, "milestone/M004", "starting", "worker pid 77 has sent no heartbeat after 60 s");
        var outcome = new StartOutcome([Pending("M002"), noHeartbeat], null, null) { CoordinatorPid = 4242, CoordinatorEnded = false };

        outcome.NothingRunning().ShouldBeNull();
        outcome.StillStarting.ShouldBe(["M002", "M004"]);
    }

    [Fact]
    public void Every_worker_in_error_is_still_nothing_running_whatever_the_coordinator_does()
    {
        var failed = new StartedWorker("M002", false, 0, null, null, "error", "bad agent");
        var outcome = new StartOutcome([failed], null, null) { CoordinatorPid = 1, CoordinatorEnded = false };

        outcome.NothingRunning().ShouldBe("nothing is running: every worker ended in error: M002: bad agent");
    }

    [Fact]
    public void A_running_worker_is_success_and_nothing_is_reported_as_starting()
    {
        var running = new StartedWorker("M002", true, 10, "/w", "milestone/M002", "running", null);
        var outcome = new StartOutcome([running, Pending("M004")], null, null) { CoordinatorPid = 1, CoordinatorEnded = true };

        outcome.NothingRunning().ShouldBeNull();
        outcome.StillStarting.ShouldBeEmpty();
    }
}
