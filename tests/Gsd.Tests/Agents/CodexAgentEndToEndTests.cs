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
