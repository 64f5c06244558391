using Gsd.Protocol;
using Gsd.Tests.Support;

namespace Gsd.Tests.Auto;

/// <summary>A unit that fails is retried with the failure text in its prompt, three tries, then the worker is blocked (exit 10).</summary>
public sealed class FailingAgentTests
{
    [Fact]
    public void Agent_that_always_fails_ends_blocked_with_exit_10_and_the_reason_and_each_retry_prompt_carries_the_failure()
    {
        using var project = new AutoProject("agent:\n  kind: sim\n");
        var prompts = Path.Combine(project.Scratch, "prompts");
        // Keeps a copy of every prompt it is given (GSD_PROMPT_FILE), then fails the way a broken agent does.
        var script = TestAgents.WriteScript(project.Scratch, "failing-agent", $$"""
            mkdir -p {{TestAgents.Q(prompts)}}
            n=$(ls {{TestAgents.Q(prompts)}} | wc -l)
            cp "$GSD_PROMPT_FILE" {{TestAgents.Q(prompts)}}/prompt-$((n + 1)).md
            cat > /dev/null
            echo "partial work $n" > partial.txt
            echo "agent exploded: the flux capacitor is missing (try $((n + 1)))" >&2
            exit 7
            """);
        project.SetPreferences(AutoProject.Command(script));
        var mid = project.NewMilestone("Doomed");
        var before = project.Repo.Head();

        var run = project.Gsd("auto");

        run.ExitCode.ShouldBe(10, run.ToString());
        run.StdOut.ShouldContain($"{mid} blocked", Case.Sensitive, run.ToString());
        run.StdOut.ShouldContain($"plan-milestone {mid} failed 3 times", Case.Sensitive, run.ToString());
        run.StdOut.ShouldContain("the flux capacitor is missing (try 3)", Case.Sensitive, run.ToString());
        run.StdOut.ShouldContain("exited with code 7");

        var copies = Directory.GetFiles(prompts).Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList();
        copies.Count.ShouldBe(3);
        copies[0].ShouldNotContain("Previous attempt failed");
        copies[1].ShouldContain("Previous attempt failed");
        copies[1].ShouldContain("the flux capacitor is missing (try 1)");
        copies[2].ShouldContain("the flux capacitor is missing (try 2)");

        var units = project.Metrics().Units;
        units.Select(u => (u.Id, u.Attempt, u.Outcome)).ShouldBe([(mid, 1, "failed"), (mid, 2, "failed"), (mid, 3, "failed")]);

        // What the last try left is kept in a commit, never discarded; no feat commit claims the unit was done.
        var commits = project.CommitsSince(before);
        commits.Select(c => c.Subject).ShouldBe([$"wip({mid}): blocked after 3 tries"]);
        commits[0].Files.ShouldBe(["partial.txt"]);
        File.Exists(project.LockPath).ShouldBeFalse();
    }

    [Fact]
    public void Blocked_parallel_worker_writes_state_blocked_with_the_reason()
    {
        using var project = new AutoProject("agent:\n  kind: sim\n");
        project.SetPreferences(AutoProject.Command(TestAgents.Failing(project.Scratch, message: "no can do")));
        var mid = project.NewMilestone("Doomed in parallel");

        var run = project.Gsd(project.WorkerEnv(mid), "auto");

        run.ExitCode.ShouldBe(10, run.ToString());
        var status = project.Status(mid).ShouldNotBeNull();
        status.State.ShouldBe(WorkerState.Blocked);
        status.Error.ShouldNotBeNull().ShouldContain("no can do");
        status.CurrentUnit.ShouldBeNull();
    }

    [Fact]
    public void Task_whose_verify_fails_is_retried_with_the_verify_output_in_the_prompt()
    {
        using var project = new AutoProject("agent:\n  kind: sim\n");
        var prompts = Path.Combine(project.Scratch, "prompts");
        // First try writes the wrong content; the retry writes what Verify wants.
        var script = TestAgents.WriteScript(project.Scratch, "learning-agent", $$$"""
            mkdir -p {{{TestAgents.Q(prompts)}}}
            n=$(ls {{{TestAgents.Q(prompts)}}} | wc -l)
            cp "$GSD_PROMPT_FILE" {{{TestAgents.Q(prompts)}}}/prompt-$((n + 1)).md
            if [ "$n" -eq 0 ]; then echo wrong > answer.txt; else echo right > answer.txt; fi
            echo '{"type":"result","subtype":"success","is_error":false,"total_cost_usd":0.5,"usage":{"input_tokens":10,"output_tokens":5}}'
            """);
        project.Repo.Write("check.sh", "if grep -q right answer.txt; then exit 0; fi\necho \"check: answer.txt says $(cat answer.txt), expected right\"\nexit 1\n");
        project.Repo.Commit("checker");
        project.SetPreferences(AutoProject.Command(script));
        var mid = project.PlannedMilestone("Verified", new PlannedTaskSpec("Write the answer", ["answer.txt"], "sh check.sh"));
        var before = project.Repo.Head();

        var run = project.Gsd("auto");

        run.ExitCode.ShouldBe(0, run.ToString());
        var copies = Directory.GetFiles(prompts).Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList();
        copies.Count.ShouldBe(2);
        copies[1].ShouldContain("Verification `sh check.sh` failed (exit 1)");
        copies[1].ShouldContain("check: answer.txt says wrong, expected right");
        var units = project.Metrics().Units.Where(u => u.Type == "execute-task").ToList();
        units.Select(u => (u.Attempt, u.Outcome, u.Cost)).ShouldBe([(1, "failed", 0.5m), (2, "succeeded", 0.5m)]);
        var commits = project.CommitsSince(before);
        commits[0].Subject.ShouldBe($"feat({mid}/S01/T01): Write the answer");
        commits[0].Files.ShouldContain("answer.txt");
        project.Repo.Read("answer.txt").ShouldBe("right\n");
    }
}
