using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gsd.Agents;
using Gsd.Protocol;
using Gsd.Tests.Support.AnthropicStandIn;

namespace Gsd.Tests.Auto;

/// <summary>
/// Issue 9 item 6: each agent failure class with the real Claude Code CLI against the Messages API stand-in answering
/// with the API's own error responses (429, 529, 401), and a denied Bash command. One planned task per run; the
/// worker runs as a parallel worker (status file, agent-hold.json) in the project root.
/// </summary>
public sealed partial class ClaudeFailureClassEndToEndTests
{
    // Python, not printf: an interpreter run is never one of the commands acceptEdits lets through by itself.
    private const string WriteOut = "python3 -c \"open('out.txt','w').write('hello')\"";

    [Fact]
    public void A_usage_limit_with_a_reset_seconds_ahead_waits_until_it_then_finishes_without_spending_a_try()
    {
        DateTimeOffset? resetsAt = null;
        using var standIn = AnthropicStandIn.Responding(body =>
        {
            if (resetsAt is null)
            {
                resetsAt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddSeconds(4).ToUnixTimeSeconds());
                return new ErrorReply(429, "rate_limit_error", $"Claude AI usage limit reached|{resetsAt.Value.ToUnixTimeSeconds()}");
            }
            return Turn(body) == 0 ? Bash(WriteOut) : new TextReply("Wrote out.txt.");
        });
        using var run = new Run(standIn);

        var result = run.Gsd();

        result.ExitCode.ShouldBe(0, run.Context(result));
        run.Project.Status(run.Mid)!.State.ShouldBe(WorkerState.Complete);
        var tries = run.TaskTries();
        tries.Select(t => (t.Outcome, t.FailureClass, t.Attempt)).ShouldBe([("failed", "rate-limit", 1), ("succeeded", null, 1)], run.Context(result));
        // It waited for the reset it parsed (whole seconds), not for a backoff.
        tries[1].StartedAt.ShouldBeGreaterThanOrEqualTo(resetsAt!.Value, run.Context(result));
        result.StdOut.ShouldContain("waiting until", customMessage: run.Context(result));
        var hold = AgentHold.Read(run.Project.Paths.AgentHoldFile).ShouldNotBeNull();
        (hold.Agent, hold.FailureClass).ShouldBe(("claude", "rate-limit"));
        // The reset it parsed, or (when the CLI outlived the reset on a loaded machine) a backoff after it.
        hold.Until.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(resetsAt.Value);
    }

    [Fact]
    public void An_overloaded_api_is_retried_after_a_backoff_without_spending_a_try()
    {
        var first = true;
        using var standIn = AnthropicStandIn.Responding(body =>
        {
            if (first)
            {
                first = false;
                return new ErrorReply(529, "overloaded_error", "Overloaded");
            }
            return Turn(body) == 0 ? Bash(WriteOut) : new TextReply("Wrote out.txt.");
        });
        using var run = new Run(standIn);

        var result = run.Gsd();

        result.ExitCode.ShouldBe(0, run.Context(result));
        run.TaskTries().Select(t => (t.Outcome, t.FailureClass, t.Attempt)).ShouldBe([("failed", "transient", 1), ("succeeded", null, 1)], run.Context(result));
        File.Exists(run.Project.Paths.AgentHoldFile).ShouldBeFalse("a transient failure holds no other worker");
    }

    [Fact]
    public void An_invalid_key_blocks_at_once_with_the_agents_message()
    {
        using var standIn = AnthropicStandIn.Responding(_ => new ErrorReply(401, "authentication_error", "invalid x-api-key"));
        using var run = new Run(standIn);

        var result = run.Gsd();

        result.ExitCode.ShouldBe(ExitCodes.Blocked, run.Context(result));
        standIn.MessageRequests.Count.ShouldBe(1, run.Context(result));
        var status = run.Project.Status(run.Mid)!;
        status.State.ShouldBe(WorkerState.Blocked);
        status.Error.ShouldNotBeNull().ShouldContain("Invalid API key");
        run.TaskTries().Select(t => (t.Outcome, t.FailureClass)).ShouldBe([("failed", "permanent")]);
        var hold = AgentHold.Read(run.Project.Paths.AgentHoldFile).ShouldNotBeNull();
        (hold.Agent, hold.FailureClass).ShouldBe(("claude", "permanent"));
    }

    [Fact]
    public void A_denied_bash_command_is_surfaced_in_the_retry_prompt_the_failure_and_the_status()
    {
        using var standIn = AnthropicStandIn.Responding(body => Turn(body) == 0 ? Bash(WriteOut) : new TextReply("I was not allowed to run it."));
        using var run = new Run(standIn, "  allowed_tools: []\n");

        var result = run.Gsd();

        result.ExitCode.ShouldBe(ExitCodes.Blocked, run.Context(result));
        var status = run.Project.Status(run.Mid)!;
        status.Error.ShouldNotBeNull().ShouldContain("denied", Case.Insensitive);
        status.Error.ShouldContain("python3");
        status.PermissionDenials.ShouldNotBeNull().ShouldContain(d => d.StartsWith("Bash: python3", StringComparison.Ordinal));
        // The second try's prompt told the model what was denied.
        standIn.MessageRequests.Select(r => r.Body).ShouldContain(b => b.Contains("was denied", StringComparison.Ordinal), run.Context(result));
        run.TaskTries().Select(t => t.FailureClass).ShouldAllBe(c => c == "failed");
    }

    [Fact]
    public void By_default_the_agent_may_run_commands_in_its_worktree()
    {
        using var standIn = AnthropicStandIn.Responding(body => Turn(body) == 0 ? Bash(WriteOut) : new TextReply("Wrote out.txt."));
        using var run = new Run(standIn);

        var result = run.Gsd();

        result.ExitCode.ShouldBe(0, run.Context(result));
        run.Project.Repo.Read("out.txt").ShouldBe("hello");
        run.Project.Status(run.Mid)!.PermissionDenials.ShouldBeNull();
    }

    /// <summary>How many assistant turns the conversation already has (0 = the unit's first request).</summary>
    internal static int Turn(string body) => AssistantRole().Count(body);

    internal static ToolUseReply Bash(string command) =>
        new("Bash", new JsonObject { ["command"] = command, ["description"] = "Write the file" }.ToJsonString());

    [GeneratedRegex("\"role\"\\s*:\\s*\"assistant\"")]
    private static partial Regex AssistantRole();

    /// <summary>A project with one planned task (out.txt, verified by grep) and a worker run through the real claude.</summary>
    private sealed class Run : IDisposable
    {
        private readonly AnthropicStandIn _standIn;

        public Run(AnthropicStandIn standIn, string agentExtra = "")
        {
            _standIn = standIn;
            Project = new AutoProject($"agent:\n  kind: claude\n  args: [--bare]\n  unit_timeout: 3m\n{agentExtra}");
            Mid = Project.PlannedMilestone("Greeting", new PlannedTaskSpec("Write out.txt", ["out.txt"], "grep -q hello out.txt"));
        }

        public AutoProject Project { get; }

        public string Mid { get; }

        public ProcessResult Gsd()
        {
            var env = Project.WorkerEnv(Mid, 500, new Dictionary<string, string?>(ClaudeCli.OfflineEnvironment(_standIn, Project.Scratch))
            {
                [ClaudeAgent.ExecutableVariable] = ClaudeCli.RequirePath(),
                // gsd classifies and waits; the CLI's own retries would only slow the test.
                ["CLAUDE_CODE_MAX_RETRIES"] = "0",
                [Timings.EnvironmentVariable] = "transientBackoff=200ms,rateLimitBackoff=1s",
            });
            return Project.Gsd(env, "auto");
        }

        public List<UnitMetrics> TaskTries() => [.. Project.Metrics().Units.Where(u => u.Type == "execute-task")];

        public string Context(ProcessResult result)
        {
            var log = Project.Paths.LogFile(Mid);
            return $"{result}\n{_standIn.Describe()}\n--- agent log ---\n{(File.Exists(log) ? File.ReadAllText(log) : "(none)")}";
        }

        public void Dispose() => Project.Dispose();
    }
}
