using Gsd.Agents;
using Gsd.Preferences;
using Gsd.Processes;
using Gsd.Tests.Support;

namespace Gsd.Tests.Agents;

/// <summary>Choosing the adapter, and the errors for an agent that is not installed or not configured.</summary>
public sealed class AgentFactoryTests : IDisposable
{
    private readonly TempDir _dir = new("gsd-agent-factory");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Missing_claude_names_the_executable_the_npm_package_and_the_preference()
    {
        var ex = Should.Throw<GsdException>(() => AgentFactory.Create(Settings(AgentKinds.Claude), EmptyPath));

        ex.ExitCode.ShouldBe(ExitCodes.Usage);
        ex.Message.ShouldBe(
            "agent 'claude' is not installed: no executable named 'claude' was found on PATH. " +
            "Install it with `npm install -g @anthropic-ai/claude-code`, or change agent.kind / agent.command in .gsd/PREFERENCES.md.");
    }

    [Fact]
    public void Missing_codex_names_the_executable_the_npm_package_and_the_preference()
    {
        var ex = Should.Throw<GsdException>(() => AgentFactory.Create(Settings(AgentKinds.Codex), EmptyPath));

        ex.ExitCode.ShouldBe(ExitCodes.Usage);
        ex.Message.ShouldContain("no executable named 'codex' was found on PATH");
        ex.Message.ShouldContain("npm install -g @openai/codex");
        ex.Message.ShouldContain("agent.kind / agent.command in .gsd/PREFERENCES.md");
    }

    [Fact]
    public void Claude_override_that_points_nowhere_names_the_variable()
    {
        var ex = Should.Throw<GsdException>(() => AgentFactory.Create(
            Settings(AgentKinds.Claude),
            name => name == ClaudeAgent.ExecutableVariable ? "/nonexistent/bin/claude" : null));

        ex.ExitCode.ShouldBe(ExitCodes.Usage);
        ex.Message.ShouldContain("'/nonexistent/bin/claude' (from GSD_CLAUDE_BIN) does not exist or is not executable");
    }

    [Fact]
    public void Missing_command_names_it_and_agent_command()
    {
        var settings = TestAgents.Settings("no-such-agent-xyz");

        var ex = Should.Throw<GsdException>(() => AgentFactory.Create(settings, EmptyPath));

        ex.ExitCode.ShouldBe(ExitCodes.Usage);
        ex.Message.ShouldBe(
            "agent 'command' is not installed: no executable named 'no-such-agent-xyz' (from agent.command) was found on PATH. " +
            "Install 'no-such-agent-xyz' or fix its path, or change agent.kind / agent.command in .gsd/PREFERENCES.md.");
    }

    [Fact(Timeout = Hang.EndToEnd)]
    public async Task Missing_relative_command_is_reported_when_the_agent_runs()
    {
        var agent = AgentFactory.Create(TestAgents.Settings("./bin/agent"));

        var ex = await Should.ThrowAsync<GsdException>(() => agent.RunAsync(TestAgents.Invocation(_dir.Path), TestContext.Current.CancellationToken));

        ex.ExitCode.ShouldBe(ExitCodes.Usage);
        ex.Message.ShouldContain("'./bin/agent' (from agent.command) does not exist or is not executable");
    }

    [Fact]
    public void Command_that_is_not_executable_is_not_installed()
    {
        var file = _dir.Write("agent.sh", "#!/bin/sh\n");

        var ex = Should.Throw<GsdException>(() => AgentFactory.Create(TestAgents.Settings(file)));

        ex.Message.ShouldContain($"'{file}' (from agent.command) does not exist or is not executable");
    }

    [Fact]
    public void Empty_command_is_a_usage_error_naming_agent_command()
    {
        var ex = Should.Throw<GsdException>(() => AgentFactory.Create(Settings(AgentKinds.Command)));

        ex.ExitCode.ShouldBe(ExitCodes.Usage);
        ex.Message.ShouldStartWith("agent.command is empty: agent.kind 'command' needs the agent's argv in .gsd/PREFERENCES.md");
    }

    [Fact]
    public void Unknown_kind_lists_the_allowed_ones()
    {
        var ex = Should.Throw<GsdException>(() => AgentFactory.Create(Settings("gpt")));

        ex.ExitCode.ShouldBe(ExitCodes.Usage);
        ex.Message.ShouldBe("agent.kind: 'gpt' is not a known agent; use one of claude, codex, command, sim (in .gsd/PREFERENCES.md).");
    }

    [Fact]
    public void Each_kind_maps_to_its_adapter()
    {
        var fakeBin = _dir.Path;
        TestAgents.WriteScript(fakeBin, "claude", "exit 0");
        TestAgents.WriteScript(fakeBin, "codex", "exit 0");
        string? Host(string name) => name == "PATH" ? fakeBin : null;

        AgentFactory.Create(Settings(AgentKinds.Claude), Host).ShouldBeOfType<ClaudeAgent>().Kind.ShouldBe("claude");
        AgentFactory.Create(Settings(AgentKinds.Codex), Host).ShouldBeOfType<CodexAgent>().Kind.ShouldBe("codex");
        AgentFactory.Create(Settings(" Claude "), Host).Kind.ShouldBe("claude");
        AgentFactory.Create(TestAgents.Settings("/bin/true"), Host).ShouldBeOfType<CommandAgent>().Kind.ShouldBe("command");
    }

    [Fact]
    public void Sim_runs_this_gsd_binary_with_the_hidden_subcommand_and_the_extra_args()
    {
        var settings = Settings(AgentKinds.Sim) with { Args = ["--delay", "0"] };

        var agent = AgentFactory.Create(settings).ShouldBeOfType<CommandAgent>();

        agent.Kind.ShouldBe("sim");
        agent.Argv.ShouldBe([.. SelfCommand.Argv(), "sim-agent", "--delay", "0"]);
    }

    [Fact]
    public void Self_command_is_the_gsd_apphost_when_hosted_by_the_test_runner()
    {
        var argv = SelfCommand.Argv();

        argv.ShouldBe([GsdBinary.Path]);
        File.Exists(argv[0]).ShouldBeTrue();
    }

    [Fact]
    public void Claude_argv_follows_the_agent_contract()
    {
        ClaudeAgent.BuildArguments(Settings(AgentKinds.Claude))
            .ShouldBe(["-p", "--output-format", "stream-json", "--verbose", "--permission-mode", "acceptEdits", "--allowedTools", "Bash"]);
        ClaudeAgent.BuildArguments(Settings(AgentKinds.Claude) with { Model = "claude-opus-4-1", MaxBudgetUsd = 2.5m, Args = ["--bare", "--verbose"] })
            .ShouldBe(["-p", "--output-format", "stream-json", "--verbose", "--permission-mode", "acceptEdits", "--allowedTools", "Bash", "--model", "claude-opus-4-1", "--max-budget-usd", "2.5", "--bare", "--verbose"]);
    }

    [Fact]
    public void Claude_permissions_come_from_agent_permission_mode_and_allowed_tools()
    {
        ClaudeAgent.BuildArguments(Settings(AgentKinds.Claude) with { PermissionMode = "bypassPermissions", AllowedTools = [] })
            .ShouldBe(["-p", "--output-format", "stream-json", "--verbose", "--permission-mode", "bypassPermissions"]);
        ClaudeAgent.BuildArguments(Settings(AgentKinds.Claude) with { AllowedTools = ["Bash(npm test:*)", "Edit"] })
            .ShouldBe(["-p", "--output-format", "stream-json", "--verbose", "--permission-mode", "acceptEdits", "--allowedTools", "Bash(npm test:*),Edit"]);
    }

    [Fact]
    public void Codex_argv_reads_the_prompt_from_stdin_in_a_writable_sandbox()
    {
        CodexAgent.BuildArguments(Settings(AgentKinds.Codex))
            .ShouldBe(["exec", "--json", "--sandbox", "workspace-write", "-"]);
        CodexAgent.BuildArguments(Settings(AgentKinds.Codex) with { Model = "gpt-5-codex", Args = ["--skip-git-repo-check"] })
            .ShouldBe(["exec", "--json", "--sandbox", "workspace-write", "--model", "gpt-5-codex", "--skip-git-repo-check", "-"]);
        CodexAgent.BuildArguments(Settings(AgentKinds.Codex) with { Args = ["--sandbox", "danger-full-access"] })
            .ShouldBe(["exec", "--json", "--sandbox", "danger-full-access", "-"]);
    }

    private static AgentSettings Settings(string kind) =>
        new(kind, [], null, [], TimeSpan.FromMinutes(30), null);

    private static string? EmptyPath(string name) => name == "PATH" ? "/nonexistent-dir" : null;
}
