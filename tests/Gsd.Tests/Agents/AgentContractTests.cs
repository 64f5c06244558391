using Gsd.Agents;
using Gsd.Tests.Support;

namespace Gsd.Tests.Agents;

/// <summary>ARCHITECTURE §5: what every agent process is given, and what comes back from the command agent.</summary>
public sealed class AgentContractTests : IDisposable
{
    private readonly TempDir _dir = new("gsd-agent-contract");

    public void Dispose() => _dir.Dispose();

    [Fact(Timeout = Hang.EndToEnd)]
    public async Task Agent_gets_the_prompt_on_stdin_and_in_GSD_PROMPT_FILE_with_the_unit_variables()
    {
        using var repo = new GitRepo();
        var outDir = _dir.File("out");
        var log = _dir.File("logs/agent.log");
        var prompt = "Plan the milestone.\nÜnïcödé line, $HOME and `backticks` stay literal.\n";
        var settings = TestAgents.Settings(TestAgents.Recording(_dir.Path, outDir), args: ["two words", "it's", "$(touch pwned)", "--flag=x;y"])
            with { Environment = new Dictionary<string, string?> { ["EXTRA_VAR"] = "extra value" } };
        var agent = AgentFactory.Create(settings);
        var invocation = new AgentInvocation(repo.Root, prompt, "plan-milestone", "M002", "M002", "/project/root", "/project/.gsd/worktrees/M002", log);

        var result = await agent.RunAsync(invocation, TestContext.Current.CancellationToken);

        result.ExitCode.ShouldBe(0, result.ToString());
        File.ReadAllText(Path.Combine(outDir, "stdin.txt")).ShouldBe(prompt);
        File.ReadAllText(Path.Combine(outDir, "prompt-file.txt")).ShouldBe(prompt);
        File.ReadAllText(Path.Combine(outDir, "argv.txt")).ShouldBe("two words\nit's\n$(touch pwned)\n--flag=x;y\n");
        repo.Exists("pwned").ShouldBeFalse("arguments never go through a shell");
        File.ReadAllText(Path.Combine(outDir, "env.txt")).ShouldBe(
            $"cwd={repo.Root}\nGSD_UNIT_TYPE=plan-milestone\nGSD_UNIT_ID=M002\nGSD_MILESTONE_ID=M002\n" +
            "GSD_PROJECT_ROOT=/project/root\nGSD_WORKTREE=/project/.gsd/worktrees/M002\nEXTRA_VAR=extra value\n");
        File.Exists(File.ReadAllText(Path.Combine(outDir, "prompt-file-path.txt"))).ShouldBeFalse("the prompt file is removed after the run");
        var logText = File.ReadAllText(log);
        logText.ShouldContain("out\n");
        logText.ShouldContain("err\n");
        result.Output.ShouldBe("out\n");
        result.IsError.ShouldBeFalse();
        result.Cost.ShouldBe(0m);
        result.Tokens.ShouldBe(TokenUsage.Zero);
    }

    [Fact(Timeout = Hang.EndToEnd)]
    public async Task Log_file_is_appended_to_not_replaced()
    {
        var log = _dir.Write("agent.log", "earlier unit\n");
        var agent = AgentFactory.Create(TestAgents.Settings(TestAgents.Failing(_dir.Path, message: "boom")));

        await agent.RunAsync(TestAgents.Invocation(_dir.Path, logFile: log), TestContext.Current.CancellationToken);

        File.ReadAllText(log).ShouldBe("earlier unit\nboom\n");
    }

    [Fact(Timeout = Hang.EndToEnd)]
    public async Task Command_agent_reads_cost_and_tokens_from_a_claude_shaped_result()
    {
        using var repo = new GitRepo();
        var script = TestAgents.Succeeding(_dir.Path, cost: 0.4567m, tokens: new TokenUsage(11, 22, 33, 44), writeFile: "src/a.txt", model: "sim-model");
        var agent = AgentFactory.Create(TestAgents.Settings(script, model: "configured-model"));

        var result = await agent.RunAsync(TestAgents.Invocation(repo.Root), TestContext.Current.CancellationToken);

        result.ShouldBe(new AgentResult(0, false, false, 0.4567m, new TokenUsage(11, 22, 33, 44), "sim-model", "test-session", false, null, "done"));
        result.Tokens.Total.ShouldBe(110);
        repo.Read("src/a.txt").ShouldBe("written by the test agent\n");
    }

    [Fact(Timeout = Hang.EndToEnd)]
    public async Task Command_agent_reads_cost_usd_from_the_last_line_after_other_output()
    {
        var script = TestAgents.WriteScript(_dir.Path, "chatty", """
            echo "thinking..."
            echo "{not json"
            echo '{"cost_usd": 1.5, "usage": {"input_tokens": 7, "output_tokens": 3}}'
            """);
        var agent = AgentFactory.Create(TestAgents.Settings(script, model: "configured-model"));

        var result = await agent.RunAsync(TestAgents.Invocation(_dir.Path), TestContext.Current.CancellationToken);

        result.Cost.ShouldBe(1.5m);
        result.Tokens.ShouldBe(new TokenUsage(7, 3, 0, 0));
        result.Model.ShouldBe("configured-model", "no model reported: the configured one");
        result.Output.ShouldStartWith("thinking...\n", customMessage: "no result text: stdout");
        result.IsError.ShouldBeFalse();
    }

    [Fact(Timeout = Hang.EndToEnd)]
    public async Task Failing_agent_is_an_error_carrying_its_exit_code_and_stderr()
    {
        var agent = AgentFactory.Create(TestAgents.Settings(TestAgents.Failing(_dir.Path, exitCode: 3, message: "cannot find the task")));

        var result = await agent.RunAsync(TestAgents.Invocation(_dir.Path), TestContext.Current.CancellationToken);

        result.ExitCode.ShouldBe(3);
        result.IsError.ShouldBeTrue();
        result.TimedOut.ShouldBeFalse();
        result.ErrorText.ShouldBe("failing-agent exited with code 3:\ncannot find the task");
    }

    [Fact(Timeout = Hang.EndToEnd)]
    public async Task Crashing_agent_is_an_error_with_the_signal_exit_code()
    {
        var agent = AgentFactory.Create(TestAgents.Settings(TestAgents.Crashing(_dir.Path)));

        var result = await agent.RunAsync(TestAgents.Invocation(_dir.Path), TestContext.Current.CancellationToken);

        result.ExitCode.ShouldBe(128 + 11);
        result.IsError.ShouldBeTrue();
        result.ErrorText.ShouldBe("crashing-agent exited with code 139 (killed by SIGSEGV: the agent crashed):\nhalf a li");
    }

    [Fact(Timeout = Hang.EndToEnd)]
    public async Task Agent_reporting_is_error_is_an_error_even_with_exit_code_zero()
    {
        var script = TestAgents.WriteScript(_dir.Path, "reports-error", """
            echo '{"type":"result","subtype":"error_max_turns","is_error":true,"result":"ran out of turns","total_cost_usd":0.2}'
            """);
        var agent = AgentFactory.Create(TestAgents.Settings(script));

        var result = await agent.RunAsync(TestAgents.Invocation(_dir.Path), TestContext.Current.CancellationToken);

        result.ExitCode.ShouldBe(0);
        result.IsError.ShouldBeTrue();
        result.ErrorText.ShouldBe("reports-error reported an error: error_max_turns: ran out of turns");
        result.Cost.ShouldBe(0.2m, "the cost of a failed run still counts");
    }

    [Fact(Timeout = Hang.EndToEnd)]
    public async Task Missing_working_directory_is_an_error_naming_it()
    {
        var agent = AgentFactory.Create(TestAgents.Settings(TestAgents.Succeeding(_dir.Path)));
        var missing = _dir.File("no-such-checkout");

        var ex = await Should.ThrowAsync<GsdException>(() => agent.RunAsync(TestAgents.Invocation(missing), TestContext.Current.CancellationToken));

        ex.Message.ShouldBe($"cannot run the agent in {missing}: the directory does not exist");
    }

    [Fact(Timeout = Hang.EndToEnd)]
    public async Task Relative_command_is_found_in_the_working_directory()
    {
        using var repo = new GitRepo();
        TestAgents.Succeeding(repo.Path("tools"), name: "agent.sh");
        var agent = AgentFactory.Create(TestAgents.Settings("./tools/agent.sh"));

        var result = await agent.RunAsync(TestAgents.Invocation(repo.Root), TestContext.Current.CancellationToken);

        result.IsError.ShouldBeFalse(result.ToString());
        result.Cost.ShouldBe(0.0123m);
    }
}
