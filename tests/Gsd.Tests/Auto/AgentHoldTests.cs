using Gsd.IO;
using Gsd.Protocol;

namespace Gsd.Tests.Auto;

/// <summary>
/// A parallel worker reads <c>.gsd/parallel/agent-hold.json</c> before each try: another worker's usage limit on the
/// same agent makes it wait (state waiting) for the reset; a permanent failure blocks it without running the agent.
/// </summary>
public sealed class AgentHoldTests
{
    [Fact]
    public void A_rate_limit_hold_on_its_agent_makes_the_worker_wait_for_the_reset_then_run_without_a_spent_try()
    {
        using var project = new AutoProject("agent:\n  kind: sim\n");
        var ran = Path.Combine(project.Scratch, "ran");
        var script = TestAgents.WriteScript(project.Scratch, "writer", $$"""
            cat > /dev/null
            date +%s%N >> {{TestAgents.Q(ran)}}
            printf 'hello\n' > out.txt
            """);
        project.SetPreferences(AutoProject.Command(script));
        var mid = project.PlannedMilestone("Held", new PlannedTaskSpec("Write out.txt", ["out.txt"], "grep -q hello out.txt"));
        // Far enough ahead that a worker starting on a loaded machine still finds it in force.
        var until = DateTimeOffset.UtcNow.AddSeconds(20);
        Directory.CreateDirectory(project.Paths.Directory);
        AgentHold.Write(project.Paths.AgentHoldFile, new AgentHold("command", AgentHold.RateLimit, until, "You've hit your limit · resets 1pm (Europe/Lisbon)", "M009", DateTimeOffset.UtcNow));

        var run = project.Gsd(project.WorkerEnv(mid), "auto");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.StdOut.ShouldContain("waiting until", Case.Sensitive, run.ToString());
        var tries = project.Metrics().Units.Where(u => u.Type == "execute-task").ToList();
        tries.Select(u => (u.Outcome, u.Attempt)).ShouldBe([("succeeded", 1)]);
        tries[0].StartedAt.ShouldBeGreaterThanOrEqualTo(until);
        project.Status(mid)!.State.ShouldBe(WorkerState.Complete);
    }

    [Fact]
    public void A_permanent_hold_on_its_agent_blocks_the_worker_before_it_runs_the_agent()
    {
        using var project = new AutoProject("agent:\n  kind: sim\n");
        var ran = Path.Combine(project.Scratch, "ran");
        var script = TestAgents.WriteScript(project.Scratch, "writer", $$"""
            cat > /dev/null
            touch {{TestAgents.Q(ran)}}
            """);
        project.SetPreferences(AutoProject.Command(script));
        var mid = project.NewMilestone("Held");
        Directory.CreateDirectory(project.Paths.Directory);
        AgentHold.Write(project.Paths.AgentHoldFile, new AgentHold("command", AgentHold.Permanent, null, "Invalid API key · Fix external API key", "M009", DateTimeOffset.UtcNow));

        var run = project.Gsd(project.WorkerEnv(mid), "auto");

        run.ExitCode.ShouldBe(ExitCodes.Blocked, run.ToString());
        File.Exists(ran).ShouldBeFalse("the agent never ran");
        var status = project.Status(mid)!;
        status.State.ShouldBe(WorkerState.Blocked);
        status.Error.ShouldNotBeNull().ShouldContain("Invalid API key");
        status.Error.ShouldContain("M009");
    }

    [Fact]
    public void A_hold_on_another_agent_does_not_hold_this_one()
    {
        using var project = new AutoProject("agent:\n  kind: sim\n");
        var script = TestAgents.WriteScript(project.Scratch, "writer", """
            cat > /dev/null
            printf 'hello\n' > out.txt
            """);
        project.SetPreferences(AutoProject.Command(script));
        var mid = project.PlannedMilestone("Free", new PlannedTaskSpec("Write out.txt", ["out.txt"], "grep -q hello out.txt"));
        Directory.CreateDirectory(project.Paths.Directory);
        AgentHold.Write(project.Paths.AgentHoldFile, new AgentHold("claude", AgentHold.Permanent, null, "Invalid API key", "M009", DateTimeOffset.UtcNow));

        var run = project.Gsd(project.WorkerEnv(mid), "auto");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.StdOut.ShouldNotContain("waiting until");
    }

    [Fact]
    public void Transient_failures_past_agent_transient_retry_for_count_as_tries()
    {
        using var project = new AutoProject("agent:\n  kind: sim\n");
        var script = TestAgents.WriteScript(project.Scratch, "overloaded", """
            cat > /dev/null
            echo 'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}' >&2
            exit 1
            """);
        project.SetPreferences(AutoProject.Command(script) + "  transient_retry_for: 1s\n");
        var mid = project.NewMilestone("Outage");
        var env = project.WorkerEnv(mid);
        env[Timings.EnvironmentVariable] = "transientBackoff=300ms";

        var run = project.Gsd(env, "auto");

        run.ExitCode.ShouldBe(ExitCodes.Blocked, run.ToString());
        var units = project.Metrics().Units;
        units.ShouldAllBe(u => u.FailureClass == "transient");
        // Free retries came first (attempt 1 more than once), then tries were spent up to the limit.
        units.Count(u => u.Attempt == 1).ShouldBeGreaterThan(1, run.ToString());
        units.Max(u => u.Attempt).ShouldBe(3);
        run.StdOut.ShouldContain("Overloaded");
    }
}
