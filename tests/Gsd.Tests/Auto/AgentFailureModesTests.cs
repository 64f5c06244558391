using Gsd.Protocol;
using Gsd.Tests.Support;

namespace Gsd.Tests.Auto;

/// <summary>An agent that is not installed is a configuration error (exit 2); one that overruns agent.unit_timeout is killed with its whole process group.</summary>
public sealed class AgentFailureModesTests
{
    [Fact]
    public void Claude_not_installed_names_the_executable_how_to_install_it_and_the_preference()
    {
        using var project = new AutoProject("agent:\n  kind: claude\n");
        var mid = project.NewMilestone("Needs claude");
        var emptyBin = Directory.CreateDirectory(Path.Combine(project.Scratch, "empty-bin")).FullName;
        var git = Path.GetDirectoryName(ProcessRunner.Run("sh", ["-c", "command -v git"], project.Root).StdOut.Trim())!;

        var run = project.Gsd(new Dictionary<string, string?> { ["PATH"] = $"{emptyBin}:{git}", ["GSD_CLAUDE_BIN"] = null }, "auto");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.StdErr.ShouldContain("agent 'claude' is not installed");
        run.StdErr.ShouldContain("'claude'");
        run.StdErr.ShouldContain("npm install -g @anthropic-ai/claude-code");
        run.StdErr.ShouldContain("agent.kind");
        run.StdErr.ShouldContain(".gsd/PREFERENCES.md");
        project.Repo.Exists($".gsd/milestones/{mid}/{mid}-ROADMAP.md").ShouldBeFalse();
        File.Exists(project.MetricsPath).ShouldBeFalse("no unit ran");
        File.Exists(project.LockPath).ShouldBeFalse();
    }

    [Fact]
    public void Claude_bin_override_pointing_nowhere_names_the_path_and_the_variable()
    {
        using var project = new AutoProject("agent:\n  kind: claude\n");
        project.NewMilestone("Needs claude");
        var missing = Path.Combine(project.Scratch, "no", "claude");

        var run = project.Gsd(new Dictionary<string, string?> { ["GSD_CLAUDE_BIN"] = missing }, "auto");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.StdErr.ShouldContain(missing);
        run.StdErr.ShouldContain("GSD_CLAUDE_BIN");
        run.StdErr.ShouldContain("npm install -g @anthropic-ai/claude-code");
    }

    [Fact]
    public void Command_agent_not_installed_names_it_and_agent_command_and_a_parallel_worker_writes_state_error()
    {
        using var project = new AutoProject(AutoProject.Command("no-such-agent-gsd-test"));
        var mid = project.NewMilestone("Needs an agent");

        var run = project.Gsd(project.WorkerEnv(mid), "auto");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.StdErr.ShouldContain("'no-such-agent-gsd-test'");
        run.StdErr.ShouldContain("agent.command");
        var status = project.Status(mid).ShouldNotBeNull();
        status.State.ShouldBe(WorkerState.Error);
        status.Error.ShouldNotBeNull().ShouldContain("no-such-agent-gsd-test");
    }

    [Fact]
    public void Unit_timeout_kills_the_agents_whole_process_group_and_the_try_counts_as_failed()
    {
        using var project = new AutoProject("agent:\n  kind: sim\n");
        var pids = Path.Combine(project.Scratch, "pids");
        var hanging = TestAgents.Hanging(project.Scratch, pids);
        // First try hangs (with a child and a grandchild); the retry does the work.
        var script = TestAgents.WriteScript(project.Scratch, "slow-once-agent", $$"""
            if [ ! -e {{TestAgents.Q(pids)}} ]; then exec {{TestAgents.Q(hanging)}}; fi
            cat > /dev/null
            echo done > result.txt
            """);
        project.SetPreferences(AutoProject.Command(script, timeout: "2s"));
        var mid = project.PlannedMilestone("Slow", new PlannedTaskSpec("Do it", ["result.txt"]));
        var before = project.Repo.Head();

        var run = project.Gsd("auto");

        run.ExitCode.ShouldBe(0, run.ToString());
        var hungPids = File.ReadAllLines(pids).Where(l => l != "ready").Select(int.Parse).ToList();
        hungPids.Count.ShouldBe(4);
        Eventually.Gone(hungPids, "the timed-out agent's process group");
        run.StdOut.ShouldContain("timed-out");
        var tries = project.Metrics().Units.Where(u => u.Type == "execute-task").ToList();
        tries.Select(u => (u.Attempt, u.Outcome)).ShouldBe([(1, "timed-out"), (2, "succeeded")]);
        project.CommitsSince(before)[0].Subject.ShouldBe($"feat({mid}/S01/T01): Do it");
    }
}
