using Gsd.Agents;
using Gsd.Preferences;
using Gsd.Tests.Support;

namespace Gsd.Tests.Agents;

/// <summary>The claude and codex adapters run a stand-in executable (via GSD_CLAUDE_BIN / GSD_CODEX_BIN) that records its argv and prints recorded output.</summary>
public sealed class AdapterWithStandInBinaryTests : IDisposable
{
    private readonly TempDir _dir = new("gsd-agent-bin");

    public void Dispose() => _dir.Dispose();

    [Fact(Timeout = Hang.EndToEnd)]
    public async Task Codex_adapter_passes_its_argv_and_the_prompt_on_stdin_and_parses_the_events()
    {
        var argvFile = _dir.File("argv.txt");
        var stdinFile = _dir.File("stdin.txt");
        var codex = TestAgents.WriteScript(_dir.Path, "codex", $$$"""
            printf '%s\n' "$@" > {{{TestAgents.Q(argvFile)}}}
            cat > {{{TestAgents.Q(stdinFile)}}}
            echo '{"type":"thread.started","thread_id":"thread-1"}'
            echo '{"type":"item.completed","item":{"id":"item_0","type":"agent_message","text":"Done it."}}'
            echo '{"type":"turn.completed","usage":{"input_tokens":1200,"cached_input_tokens":200,"output_tokens":345}}'
            """);
        var settings = new AgentSettings(AgentKinds.Codex, [], "gpt-5-codex", ["--skip-git-repo-check"], TimeSpan.FromMinutes(1), null);
        var agent = AgentFactory.Create(settings, name => name == CodexAgent.ExecutableVariable ? codex : Environment.GetEnvironmentVariable(name));

        var result = await agent.RunAsync(TestAgents.Invocation(_dir.Path, "the prompt\n"), TestContext.Current.CancellationToken);

        File.ReadAllText(argvFile).ShouldBe("exec\n--json\n--sandbox\nworkspace-write\n--model\ngpt-5-codex\n--skip-git-repo-check\n-\n");
        File.ReadAllText(stdinFile).ShouldBe("the prompt\n");
        result.ShouldBe(new AgentResult(0, false, false, 0m, new TokenUsage(1000, 345, 200, 0), "gpt-5-codex", "thread-1", false, null, "Done it.") { CostUnknown = true });
    }

    [Fact(Timeout = Hang.EndToEnd)]
    public async Task Claude_that_exits_zero_without_a_json_result_is_an_error()
    {
        var claude = TestAgents.WriteScript(_dir.Path, "claude", """
            cat > /dev/null
            echo "Error: Invalid API key" >&2
            """);
        var agent = AgentFactory.Create(ClaudeSettings(), name => name == ClaudeAgent.ExecutableVariable ? claude : null);

        var result = await agent.RunAsync(TestAgents.Invocation(_dir.Path), TestContext.Current.CancellationToken);

        result.IsError.ShouldBeTrue();
        result.ErrorText.ShouldBe("claude exited 0 but printed no JSON result:\nError: Invalid API key");
    }

    [Fact(Timeout = Hang.EndToEnd)]
    public async Task Claude_error_result_with_a_non_zero_exit_keeps_cost_and_reason()
    {
        var claude = TestAgents.WriteScript(_dir.Path, "claude", """
            cat > /dev/null
            echo '{"type":"result","subtype":"error_during_execution","is_error":true,"total_cost_usd":0.75,"session_id":"s9","usage":{"input_tokens":5,"output_tokens":6,"cache_read_input_tokens":7,"cache_creation_input_tokens":8}}'
            exit 1
            """);
        var agent = AgentFactory.Create(ClaudeSettings(), name => name == ClaudeAgent.ExecutableVariable ? claude : null);

        var result = await agent.RunAsync(TestAgents.Invocation(_dir.Path), TestContext.Current.CancellationToken);

        result.ExitCode.ShouldBe(1);
        result.IsError.ShouldBeTrue();
        result.ErrorText.ShouldBe("claude reported an error (exit code 1): error_during_execution");
        result.Cost.ShouldBe(0.75m);
        result.Tokens.ShouldBe(new TokenUsage(5, 6, 7, 8));
        result.SessionId.ShouldBe("s9");
    }

    private static AgentSettings ClaudeSettings() => new(AgentKinds.Claude, [], null, [], TimeSpan.FromMinutes(1), null);
}
