using System.Text.Json;
using Gsd.Agents;
using Gsd.Preferences;
using Gsd.Tests.Support.AnthropicStandIn;
using Gsd.Tests.Support;

namespace Gsd.Tests.Agents;

/// <summary>
/// The claude adapter driving the real Claude Code CLI (installed by .ci/install-claude.sh) against
/// a loopback stand-in of the Messages API: a Bash tool call edits the checkout, then a final message.
/// </summary>
public sealed class ClaudeAgentEndToEndTests
{
    [Fact(Timeout = Hang.EndToEnd)]
    public async Task Real_cli_edits_the_checkout_through_a_tool_call_and_its_cost_is_recorded()
    {
        var claude = ClaudeCli.RequirePath();
        using var repo = new GitRepo();
        using var home = new TempDir("gsd-claude-home");
        using var standIn = AnthropicStandIn.Start(
            new ToolUseReply("Bash", """{"command":"printf 'hello from claude\\n' > hello.txt","description":"Write hello.txt"}"""),
            new TextReply("Created hello.txt."));
        var log = home.File("agent.log");
        var settings = new AgentSettings(AgentKinds.Claude, [], null, ["--bare"], TimeSpan.FromMinutes(3), null, ClaudeCli.OfflineEnvironment(standIn, home.Path));
        var agent = AgentFactory.Create(settings, HostWith(claude));

        var progress = new List<AgentProgress>();
        var result = await agent.RunAsync(
            new AgentInvocation(repo.Root, "Create hello.txt saying hello.\n", "execute-task", "M001/S01/T01", "M001", repo.Root, repo.Root, log)
            {
                Progress = p => progress.Add(p),
            },
            TestContext.Current.CancellationToken);

        var context = $"{result}\n{standIn.Describe()}\n--- log ---\n{ReadOr(log)}";
        File.Copy(log, "/tmp/stream/claude-stream.jsonl", true);
        result.ExitCode.ShouldBe(0, context);
        result.IsError.ShouldBeFalse(context);
        repo.Read("hello.txt").ShouldBe("hello from claude\n", context);
        repo.Git("status", "--porcelain").ShouldBe("?? hello.txt");

        // The tool ran between the two model calls: the last request carries its result.
        var messages = standIn.MessageRequests;
        standIn.RemainingReplies.ShouldBe(0, context);
        messages[^1].Body.ShouldContain("\"tool_result\"", Case.Sensitive, context);
        messages[^1].Body.ShouldContain("toolu_standin_0001", Case.Sensitive, context);

        // What gsd records is exactly what the CLI printed.
        using var printed = PrintedResult(log);
        var root = printed.RootElement;
        var printedCost = root.GetProperty("total_cost_usd").GetDecimal();
        printedCost.ShouldBeGreaterThan(0m, context);
        result.Cost.ShouldBe(printedCost);
        result.SessionId.ShouldBe(root.GetProperty("session_id").GetString());
        var usage = root.GetProperty("usage");
        result.Tokens.ShouldBe(new TokenUsage(
            usage.GetProperty("input_tokens").GetInt64(),
            usage.GetProperty("output_tokens").GetInt64(),
            usage.GetProperty("cache_read_input_tokens").GetInt64(),
            usage.GetProperty("cache_creation_input_tokens").GetInt64()));
        // Two scripted replies of 1000 input, 50 output, 200 cache-read, 100 cache-write tokens each.
        if (messages.Count == 2)
        {
            result.Tokens.ShouldBe(new TokenUsage(2000, 100, 400, 200), context);
        }
        result.Output.ShouldBe("Created hello.txt.");
        result.Model.ShouldBe(JsonDocument.Parse(messages[0].Body).RootElement.GetProperty("model").GetString());

        // The stream showed the tool call while it ran, and a cost estimated from tokens before the result replaced it.
        progress.Select(p => p.Activity).ShouldContain("Bash: printf 'hello from claude\\n' > hello.txt", context);
        progress.ShouldContain(p => p.CostEstimated && p.Cost > 0m, context);
        progress[^1].CostEstimated.ShouldBeFalse(context);
        progress[^1].Cost.ShouldBe(result.Cost, context);
        progress[^1].Activity.ShouldBeNull(context);
    }

    [Fact(Timeout = Hang.EndToEnd)]
    public async Task Real_cli_accepts_the_model_and_budget_flags_and_reports_that_model()
    {
        var claude = ClaudeCli.RequirePath();
        using var repo = new GitRepo();
        using var home = new TempDir("gsd-claude-home");
        using var standIn = AnthropicStandIn.Start(
            new ToolUseReply("Bash", """{"command":"echo edited >> README.md","description":"Append to README"}"""),
            new TextReply("Appended."));
        var settings = new AgentSettings(AgentKinds.Claude, [], "claude-sonnet-4-5", ["--bare"], TimeSpan.FromMinutes(3), 5.00m, ClaudeCli.OfflineEnvironment(standIn, home.Path));
        var agent = AgentFactory.Create(settings, HostWith(claude));

        var result = await agent.RunAsync(
            new AgentInvocation(repo.Root, "Append a line to README.md.\n", "execute-task", "M001/S01/T02", "M001", repo.Root, repo.Root, null),
            TestContext.Current.CancellationToken);

        var context = $"{result}\n{standIn.Describe()}";
        result.IsError.ShouldBeFalse(context);
        repo.Read("README.md").ShouldBe("# test repo\nedited\n", context);
        JsonDocument.Parse(standIn.MessageRequests[0].Body).RootElement.GetProperty("model").GetString().ShouldBe("claude-sonnet-4-5");
        result.Model.ShouldBe("claude-sonnet-4-5");
        result.Cost.ShouldBeGreaterThan(0m);
    }

    private static Func<string, string?> HostWith(string claude) =>
        name => name == ClaudeAgent.ExecutableVariable ? claude : Environment.GetEnvironmentVariable(name);

    private static JsonDocument PrintedResult(string log)
    {
        var line = File.ReadAllLines(log).LastOrDefault(l => l.StartsWith('{') && l.Contains("\"total_cost_usd\"", StringComparison.Ordinal));
        line.ShouldNotBeNull($"no JSON result in the agent log:\n{ReadOr(log)}");
        return JsonDocument.Parse(line);
    }

    private static string ReadOr(string path) => File.Exists(path) ? File.ReadAllText(path) : "(no log)";
}
