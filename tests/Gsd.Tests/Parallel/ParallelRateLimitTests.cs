using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gsd.Agents;
using Gsd.Protocol;
using Gsd.Tests.Auto;
using Gsd.Tests.Support.AnthropicStandIn;

namespace Gsd.Tests.Parallel;

/// <summary>
/// Issue 9 "done when": four workers (`gsd parallel start`, the real Claude Code CLI against the Messages API stand-in)
/// run through an account-wide usage limit and all end complete, with no try spent on the limit.
/// </summary>
[Collection(EndToEnd.Name)]
public sealed partial class ParallelRateLimitTests
{
    private static readonly string[] Milestones = ["M001", "M002", "M003", "M004"];

    [Fact]
    public void Four_workers_through_a_usage_limit_all_complete_and_no_try_is_spent_on_it()
    {
        // The limit is the account's: from the first request until its reset (whole seconds, a few ahead), every request is refused.
        DateTimeOffset? resetsAt = null;
        using var standIn = AnthropicStandIn.Responding(body =>
        {
            var now = DateTimeOffset.UtcNow;
            resetsAt ??= DateTimeOffset.FromUnixTimeSeconds(now.AddSeconds(6).ToUnixTimeSeconds());
            if (now < resetsAt)
            {
                return new ErrorReply(429, "rate_limit_error", $"Claude AI usage limit reached|{resetsAt.Value.ToUnixTimeSeconds()}");
            }
            var file = OutFile().Match(body).Value;
            return ClaudeFailureClassEndToEndTests.Turn(body) == 0
                ? ClaudeFailureClassEndToEndTests.Bash($"printf 'hello\\n' > {file}")
                : new TextReply($"Wrote {file}.");
        });
        using var home = new TempDir("gsd-rl-home");
        var env = new Dictionary<string, string?>(ClaudeCli.OfflineEnvironment(standIn, home.Path))
        {
            [ClaudeAgent.ExecutableVariable] = ClaudeCli.RequirePath(),
            ["CLAUDE_CODE_MAX_RETRIES"] = "0",
            ["GSD_HEARTBEAT_MS"] = "500",
            ["GSD_COORDINATOR_TICK_MS"] = "300",
            [Timings.EnvironmentVariable] = "transientBackoff=200ms,rateLimitBackoff=1s",
        };
        using var project = new ProjectBuilder("gsd-rl", env);
        project.IgnoreRuntime().Preferences("parallel:\n  enabled: true\n  max_workers: 4\nagent:\n  kind: claude\n  args: [--bare]\n  unit_timeout: 3m\n");
        foreach (var mid in Milestones)
        {
            project.PlannedMilestone(mid, $"Milestone {mid}", "The slice", new PlannedTaskSpec($"Write out-{mid}.txt", [$"out-{mid}.txt"], $"grep -q hello out-{mid}.txt"));
        }
        project.Commit("plan four milestones");

        try
        {
            project.Launcher.Run("parallel", "start", "--yes").ExitCode.ShouldBe(0);
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(6);
            JsonNode status;
            while (true)
            {
                status = JsonNode.Parse(project.Launcher.Run("parallel", "status", "--json").StdOut)!;
                var states = status["workers"]!.AsArray().Select(w => (string?)w!["state"]).ToList();
                if (states.Count == 4 && states.All(s => s is "complete" or "blocked" or "error" or "stopped" or "crashed"))
                {
                    break;
                }
                if (DateTime.UtcNow > deadline)
                {
                    Assert.Fail($"the four workers did not finish:\n{status}\n{standIn.Describe()}");
                }
                Thread.Sleep(500);
            }

            var context = $"{status}\n{standIn.Describe()}\n{Logs(project)}";
            status["workers"]!.AsArray().Select(w => (string?)w!["state"]).ShouldAllBe(s => s == "complete", context);
            var tries = Milestones.SelectMany(mid => MetricsLedger.ReadFile(Path.Combine(project.Worktree(mid), ".gsd", "metrics.json")).Units).Where(u => u.Type == "execute-task").ToList();
            tries.Count(u => u.Outcome == "succeeded").ShouldBe(4, context);
            // No try was spent: every task succeeded at its first try, and every refused run is classed a rate limit.
            tries.Where(u => u.Outcome == "succeeded").ShouldAllBe(u => u.Attempt == 1, context);
            tries.Where(u => u.Outcome != "succeeded").ShouldAllBe(u => u.FailureClass == "rate-limit", context);
            tries.Count(u => u.FailureClass == "rate-limit").ShouldBeGreaterThan(0, context);
            // Nothing reached the model before the reset except what the limit refused.
            standIn.MessageRequests.Where(r => !r.Answer.Contains("HTTP 429", StringComparison.Ordinal)).Count().ShouldBe(8, context);
            foreach (var mid in Milestones)
            {
                File.ReadAllText(Path.Combine(project.Worktree(mid), $"out-{mid}.txt")).ShouldBe("hello\n");
            }
        }
        finally
        {
            project.Launcher.Run(new Dictionary<string, string?> { ["GSD_STOP_GRACE_MS"] = "1000" }, "parallel", "stop");
        }
    }

    private static string Logs(ProjectBuilder project)
    {
        var dir = Path.Combine(project.Root, ".gsd", "parallel");
        return string.Join('\n', Directory.EnumerateFiles(dir).Where(f => f.EndsWith(".log", StringComparison.Ordinal) || f.EndsWith(".ndjson", StringComparison.Ordinal))
            .Select(f => $"--- {Path.GetFileName(f)}\n{File.ReadAllText(f)[^Math.Min(3000, File.ReadAllText(f).Length)..]}"));
    }

    [GeneratedRegex(@"out-M\d{3}\.txt")]
    private static partial Regex OutFile();
}
