using System.Text.Json;
using Gsd.Agents;
using Gsd.Preferences;
using Gsd.Tests.Support;
using Gsd.Tests.Support.ResponsesStandIn;

namespace Gsd.Tests.Agents;

/// <summary>
/// The codex adapter driving the real Codex CLI (installed by .ci/install-codex.sh) against a loopback stand-in of the
/// OpenAI Responses API: an exec_command tool call edits the checkout inside codex's workspace-write sandbox, then a
/// final message.
/// </summary>
public sealed class CodexAgentEndToEndTests
{
    [Fact(Timeout = Hang.EndToEnd)]
    public async Task Real_cli_edits_the_checkout_through_its_shell_tool_and_tokens_are_recorded_with_the_cost_unknown()
    {
        var codex = CodexCli.RequirePath();
        using var repo = new GitRepo();
        using var home = new TempDir("gsd-codex-home");
        using var standIn = ResponsesStandIn.Start(
            new ExecCommandReply("printf 'hello from codex\\n' > hello.txt"),
            new MessageReply("Created hello.txt."));
        var log = home.File("agent.log");
        var settings = new AgentSettings(AgentKinds.Codex, [], CodexCli.Model, [], TimeSpan.FromMinutes(3), null, CodexCli.OfflineEnvironment(standIn, home.Path));
        var agent = AgentFactory.Create(settings, HostWith(codex));

        var result = await agent.RunAsync(
            new AgentInvocation(repo.Root, "Create hello.txt saying hello.\n", "execute-task", "M001/S01/T01", "M001", repo.Root, repo.Root, log),
            TestContext.Current.CancellationToken);

        var context = $"{result}\n{standIn.Describe()}\n--- log ---\n{ReadOr(log)}";
        result.ExitCode.ShouldBe(0, context);
        result.IsError.ShouldBeFalse(context);
        repo.Read("hello.txt").ShouldBe("hello from codex\n", context);
        repo.Git("status", "--porcelain").ShouldBe("?? hello.txt", context);

        // The prompt went in on stdin; the command ran between the two model calls: the last request carries its output.
        var requests = standIn.ModelRequests;
        standIn.RemainingReplies.ShouldBe(0, context);
        requests[0].Body.ShouldContain("Create hello.txt saying hello.", Case.Sensitive, context);
        requests[^1].Body.ShouldContain("\"function_call_output\"", Case.Sensitive, context);
        requests[^1].Body.ShouldContain("call_standin_0001", Case.Sensitive, context);
        // gsd's default sandbox reached codex.
        requests[0].Body.ShouldContain("workspace-write", Case.Sensitive, context);

        // What gsd records is what the CLI printed: its turn.completed usage, and no price (codex prints none).
        var usage = PrintedUsage(log);
        var input = usage.GetProperty("input_tokens").GetInt64();
        var cached = usage.GetProperty("cached_input_tokens").GetInt64();
        var written = usage.GetProperty("cache_write_input_tokens").GetInt64();
        result.Tokens.ShouldBe(new TokenUsage(input - cached - written, usage.GetProperty("output_tokens").GetInt64(), cached, written), context);
        // Two scripted replies of 1000 input (200 cached, 100 cache-write) and 50 output tokens each.
        if (requests.Count == 2)
        {
            result.Tokens.ShouldBe(new TokenUsage(1400, 100, 400, 200), context);
        }
        result.Cost.ShouldBe(0m);
        result.CostUnknown.ShouldBeTrue();
        result.SessionId.ShouldBe(ThreadId(log), context);
        result.Output.ShouldBe("Created hello.txt.");
        result.Model.ShouldBe(CodexCli.Model);
        JsonDocument.Parse(requests[0].Body).RootElement.GetProperty("model").GetString().ShouldBe(CodexCli.Model);
    }

    [Fact(Timeout = Hang.EndToEnd)]
    public async Task Real_cli_turn_the_api_fails_is_an_error_with_the_api_message()
    {
        var codex = CodexCli.RequirePath();
        using var repo = new GitRepo();
        using var home = new TempDir("gsd-codex-home");
        using var standIn = ResponsesStandIn.Start(new FailedReply("invalid_prompt", "Invalid prompt: the stand-in refuses this one."));
        var settings = new AgentSettings(AgentKinds.Codex, [], CodexCli.Model, [], TimeSpan.FromMinutes(3), null, CodexCli.OfflineEnvironment(standIn, home.Path));
        var agent = AgentFactory.Create(settings, HostWith(codex));

        var result = await agent.RunAsync(
            new AgentInvocation(repo.Root, "Do nothing.\n", "execute-task", "M001/S01/T01", "M001", repo.Root, repo.Root, null),
            TestContext.Current.CancellationToken);

        var context = $"{result}\n{standIn.Describe()}";
        result.IsError.ShouldBeTrue(context);
        result.ErrorText.ShouldNotBeNull(context);
        result.ErrorText.ShouldStartWith("codex reported an error", Case.Sensitive, context);
        result.ErrorText.ShouldContain("the stand-in refuses this one", Case.Sensitive, context);
        result.CostUnknown.ShouldBeTrue();
        repo.Git("status", "--porcelain").ShouldBeEmpty();
    }

    [Fact(Timeout = Hang.EndToEnd)]
    public async Task Real_cli_takes_a_custom_provider_from_agent_args()
    {
        var codex = CodexCli.RequirePath();
        using var repo = new GitRepo();
        using var home = new TempDir("gsd-codex-home");
        using var standIn = ResponsesStandIn.Start(new MessageReply("Nothing to do."));
        var env = CodexCli.OfflineEnvironment(standIn, home.Path);
        // A CODEX_HOME without config.toml: the provider comes from agent.args alone, as the README shows.
        env["CODEX_HOME"] = Directory.CreateDirectory(Path.Combine(home.Path, "empty-codex-home")).FullName;
        string[] args =
        [
            "-c", "model_provider=mine",
            "-c", "model_providers.mine.name=mine",
            "-c", $"model_providers.mine.base_url={standIn.BaseUrl}",
            "-c", $"model_providers.mine.env_key={CodexCli.KeyVariable}",
            "-c", "analytics.enabled=false",
        ];
        var settings = new AgentSettings(AgentKinds.Codex, [], CodexCli.Model, args, TimeSpan.FromMinutes(3), null, env);
        var agent = AgentFactory.Create(settings, HostWith(codex));

        var result = await agent.RunAsync(
            new AgentInvocation(repo.Root, "Say so.\n", "execute-task", "M001/S01/T01", "M001", repo.Root, repo.Root, null),
            TestContext.Current.CancellationToken);

        var context = $"{result}\n{standIn.Describe()}";
        result.IsError.ShouldBeFalse(context);
        result.Output.ShouldBe("Nothing to do.", context);
        standIn.ModelRequests.Count.ShouldBe(1, context);
        result.Tokens.Total.ShouldBeGreaterThan(0, context);
    }

    [Fact(Timeout = Hang.EndToEnd)]
    public async Task Real_cli_past_its_unit_timeout_is_killed_with_the_sandboxed_command_it_was_running()
    {
        var codex = CodexCli.RequirePath();
        using var repo = new GitRepo();
        using var home = new TempDir("gsd-codex-home");
        // Codex runs the command in a session of its own (inside its sandbox), outside codex's process group: the
        // command must still not outlive the codex gsd killed. A number no other process has in its argv marks it.
        var marker = $"sleep {600 + Random.Shared.Next(1, 1000)}.{Environment.ProcessId}";
        // Codex answers a command still running after yield_time_ms with its output so far: ask it to wait past the timeout.
        using var standIn = ResponsesStandIn.Start(new ExecCommandReply(marker) { YieldTimeMs = 60_000 });
        var settings = new AgentSettings(AgentKinds.Codex, [], CodexCli.Model, [], TimeSpan.FromSeconds(20), null, CodexCli.OfflineEnvironment(standIn, home.Path));
        var agent = AgentFactory.Create(settings, HostWith(codex));
        var sawCommand = false;
        using var watcher = new CancellationTokenSource();
        var watch = Task.Run(async () =>
        {
            while (!watcher.IsCancellationRequested)
            {
                sawCommand |= ProcessesWith(marker).Count > 0;
                await Task.Delay(100, CancellationToken.None);
            }
        }, CancellationToken.None);

        var result = await agent.RunAsync(
            new AgentInvocation(repo.Root, "Wait.\n", "execute-task", "M001/S01/T01", "M001", repo.Root, repo.Root, null),
            TestContext.Current.CancellationToken);
        await watcher.CancelAsync();
        await watch;

        var context = $"{result}\n{standIn.Describe()}";
        result.TimedOut.ShouldBeTrue(context);
        result.IsError.ShouldBeTrue(context);
        sawCommand.ShouldBeTrue($"the sandboxed command never ran\n{context}");
        // The sandbox's children die with codex (parent-death signal), which takes a moment after the kill.
        var left = ProcessesWith(marker);
        for (var i = 0; i < 100 && left.Count > 0; i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            left = ProcessesWith(marker);
        }
        left.ShouldBeEmpty($"processes still running `{marker}` after codex was killed\n{context}");
    }

    /// <summary>Pids whose command line holds <paramref name="text"/> (not this test host).</summary>
    private static List<int> ProcessesWith(string text)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(text, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile.
            }
        }
        return found;
    }

    private static Func<string, string?> HostWith(string codex) =>
        name => name == CodexAgent.ExecutableVariable ? codex : Environment.GetEnvironmentVariable(name);

    /// <summary>The usage of the last turn.completed event in the agent log (one turn per run).</summary>
    private static JsonElement PrintedUsage(string log)
    {
        var line = File.ReadAllLines(log).LastOrDefault(l => l.StartsWith("{\"type\":\"turn.completed\"", StringComparison.Ordinal));
        line.ShouldNotBeNull($"no turn.completed event in the agent log:\n{ReadOr(log)}");
        return JsonDocument.Parse(line).RootElement.GetProperty("usage").Clone();
    }

    private static string? ThreadId(string log)
    {
        var line = File.ReadAllLines(log).FirstOrDefault(l => l.StartsWith("{\"type\":\"thread.started\"", StringComparison.Ordinal));
        return line is null ? null : JsonDocument.Parse(line).RootElement.GetProperty("thread_id").GetString();
    }

    private static string ReadOr(string path) => File.Exists(path) ? File.ReadAllText(path) : "(no log)";
}
