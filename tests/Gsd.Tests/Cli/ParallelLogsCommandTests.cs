using Gsd.Agents;
using Gsd.IO;
using Gsd.Processes;
using Gsd.Protocol;
using Gsd.Tests.Agents;
using Gsd.Tests.Support;

namespace Gsd.Tests.Cli;

/// <summary>`gsd parallel logs`: the agent log rendered for people, one unit or all, raw, followed live; bad input is exit 2.</summary>
public sealed class ParallelLogsCommandTests : IDisposable
{
    private readonly ProjectBuilder _project = new ProjectBuilder("gsd-logs").InitGsd().Context("M001", "Logged").Context("M002", "Other").Commit("milestones");

    public void Dispose() => _project.Dispose();

    private string Log => _project.Paths.AgentLogFile("M001");

    private void WriteLog()
    {
        var t0 = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
        AgentLogMarkers.Started(Log, t0, "claude", "plan-slice", "M001/S01", 1);
        File.AppendAllText(Log, "{\"type\":\"assistant\",\"message\":{\"id\":\"m0\",\"content\":[{\"type\":\"text\",\"text\":\"Planning.\\nTwo tasks.\"}]}}\nplain stderr text\n");
        AgentLogMarkers.Ended(Log, t0.AddSeconds(5), "M001/S01", 1, "failed", 0.5m, false, "M001-S01-PLAN.md was not written.");
        AgentLogMarkers.Started(Log, t0.AddSeconds(6), "claude", "execute-task", "M001/S01/T01", 1);
        File.AppendAllText(Log, AgentEventReaderTests.RecordedClaudeStream.Replace("\r", string.Empty, StringComparison.Ordinal) + "\n");
        AgentLogMarkers.Ended(Log, t0.AddSeconds(9), "M001/S01/T01", 1, "succeeded", 0.01108m, false, null);
    }

    [Fact]
    public async Task Renders_who_said_what_which_tools_ran_and_what_each_try_cost()
    {
        WriteLog();

        var run = await InProcessGsd.RunAsync(_project.Root, "parallel", "logs", "M001");

        run.ExitCode.ShouldBe(0, run.ToString());
        var text = run.StdOut;
        text.ShouldContain("plan-slice M001/S01 (try 1, claude) ===");
        text.ShouldContain("claude: Planning.\n        Two tasks.");
        text.ShouldContain("  | plain stderr text");
        text.ShouldContain("M001/S01: failed, $0.5000 ===\n    M001-S01-PLAN.md was not written.");
        text.ShouldContain("execute-task M001/S01/T01 (try 1, claude) ===");
        text.ShouldContain("[claude started, model claude-opus-5-5, session 67e1f850-6c9d-42d5-8731-23a3df002274]");
        text.ShouldContain("  -> Bash: printf 'hello from claude\\n' > hello.txt");
        text.ShouldContain("  <- Bash ok: (Bash completed with no output)");
        text.ShouldContain("claude: Created hello.txt.");
        text.ShouldContain("[claude finished: success, $0.0111, 2 turns, 2.9 s]");
        text.ShouldContain("M001/S01/T01: succeeded, $0.0111 ===");
    }

    [Fact]
    public async Task Unit_option_shows_only_that_units_tries_and_raw_prints_the_events_as_logged()
    {
        WriteLog();

        var one = await InProcessGsd.RunAsync(_project.Root, "parallel", "logs", "--unit", "M001/S01");
        var raw = await InProcessGsd.RunAsync(_project.Root, "parallel", "logs", "M001", "--unit", "M001/S01/T01", "--raw");

        one.ExitCode.ShouldBe(0, one.ToString());
        one.StdOut.ShouldContain("claude: Planning.");
        one.StdOut.ShouldNotContain("Bash");
        raw.ExitCode.ShouldBe(0, raw.ToString());
        var lines = raw.StdOut.TrimEnd().Split('\n');
        lines[0].ShouldStartWith("{\"type\":\"gsd.unit-start\"");
        lines[1..^1].ShouldBe(AgentEventReaderTests.RecordedClaudeStream.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n'));
        lines[^1].ShouldStartWith("{\"type\":\"gsd.unit-end\"");
    }

    [Fact]
    public async Task Unknown_milestone_or_unit_and_an_ambiguous_choice_are_usage_errors()
    {
        WriteLog();

        var unit = await InProcessGsd.RunAsync(_project.Root, "parallel", "logs", "M001", "--unit", "M001/S09");
        var mid = await InProcessGsd.RunAsync(_project.Root, "parallel", "logs", "M009");
        var other = await InProcessGsd.RunAsync(_project.Root, "parallel", "logs", "M002", "--unit", "M001/S01");
        var none = await InProcessGsd.RunAsync(_project.Root, "parallel", "logs");
        LiveStatus("M001");
        LiveStatus("M002");
        var two = await InProcessGsd.RunAsync(_project.Root, "parallel", "logs");

        unit.ExitCode.ShouldBe(2, unit.ToString());
        unit.StdErr.ShouldContain("--unit M001/S09: no agent ran for it");
        unit.StdErr.ShouldContain("logged units: M001/S01, M001/S01/T01");
        mid.ExitCode.ShouldBe(2, mid.ToString());
        mid.StdErr.ShouldContain("M009: no such milestone");
        other.ExitCode.ShouldBe(2, other.ToString());
        other.StdErr.ShouldContain("--unit M001/S01 is not a unit of M002");
        none.ExitCode.ShouldBe(2, none.ToString());
        none.StdErr.ShouldContain("No worker is running");
        two.ExitCode.ShouldBe(2, two.ToString());
        two.StdErr.ShouldContain("2 workers are running (M001, M002)");
        (none.StdErr + two.StdErr).ShouldNotContain("   at ");
    }

    [Fact(Timeout = Hang.EndToEnd)]
    public async Task Follow_prints_what_the_agent_adds_until_its_worker_ends()
    {
        var t0 = DateTimeOffset.UtcNow;
        AgentLogMarkers.Started(Log, t0, "claude", "execute-task", "M001/S01/T01", 1);
        var status = LiveStatus("M001");

        var follow = InProcessGsd.RunAsync(_project.Root, "parallel", "logs", "-f");
        await Task.Delay(300, TestContext.Current.CancellationToken);
        File.AppendAllText(Log, "{\"type\":\"assistant\",\"message\":{\"id\":\"m1\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"Bash\",\"input\":{\"command\":\"npm test\"}}]}}\n");
        AgentLogMarkers.Ended(Log, t0.AddSeconds(1), "M001/S01/T01", 1, "succeeded", 0.25m, false, null);
        follow.IsCompleted.ShouldBeFalse("the worker is still running");
        JsonFile.Write(_project.Paths.StatusFile("M001"), status with { State = WorkerState.Complete }, GsdJsonContext.Default.WorkerStatus);
        var run = await follow;

        run.ExitCode.ShouldBe(0, run.ToString());
        run.StdOut.ShouldContain("execute-task M001/S01/T01 (try 1, claude) ===");
        run.StdOut.ShouldContain("  -> Bash: npm test");
        run.StdOut.ShouldContain("M001/S01/T01: succeeded, $0.2500 ===");
    }

    /// <summary>A status file of a live worker: this test process, heartbeating now.</summary>
    private WorkerStatus LiveStatus(string mid)
    {
        var now = DateTimeOffset.UtcNow;
        var status = new WorkerStatus
        {
            MilestoneId = mid,
            Pid = ProcessIdentity.Current.Pid,
            ProcessStartedAt = ProcessIdentity.Current.StartTicks,
            State = WorkerState.Running,
            StartedAt = now,
            LastHeartbeat = now.AddHours(1),
        };
        JsonFile.Write(_project.Paths.StatusFile(mid), status, GsdJsonContext.Default.WorkerStatus);
        return status;
    }
}
