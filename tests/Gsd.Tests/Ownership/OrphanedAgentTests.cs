using System.Text.Json.Nodes;
using Gsd.Processes;
using Gsd.Protocol;
using Gsd.Tests.Doctor;

namespace Gsd.Tests.Ownership;

/// <summary>
/// Issue 8 item 4: an agent whose worker was killed keeps running in its own session. Its record
/// (<c>.gsd/parallel/&lt;MID&gt;.agent.json</c>) outlives auto.lock; a new worker for the milestone stops it before it starts,
/// and doctor --fix stops it when its owner is dead — only with a matching start time. Real processes stand in for the agent.
/// </summary>
public sealed class OrphanedAgentTests : IDisposable
{
    private readonly ProjectBuilder _p = new("gsd-orphan");
    private readonly SessionChild _agent;

    public OrphanedAgentTests()
    {
        _p.IgnoreRuntime()
            .Preferences("agent:\n  kind: sim\n  args: [--slices, \"1\", --tasks, \"1\"]\n")
            .Context("M001", "First")
            .Commit("plan");
        // Like a real agent: the leader of its own session and process group.
        _agent = SessionChild.StartPiped(["sleep", "300"], _p.Scratch, null);
        ProcessGroup.Of(_agent.Pid).ShouldBe(_agent.Pid);
    }

    public void Dispose()
    {
        _agent.SignalGroup(NativeMethods.SIGKILL);
        _agent.Dispose();
        _p.Dispose();
    }

    [Fact]
    public async Task Doctor_fix_stops_an_agent_whose_worker_is_dead_and_removes_its_record()
    {
        WriteRecord(ProcessIdentity.ReadStartTicks(_agent.Pid)!.Value);

        var report = _p.Launcher.Run("doctor", "--json");
        var found = Finding(report, "orphaned-agent");
        ((string?)found["message"]).ShouldNotBeNull().ShouldContain($"agent pid {_agent.Pid} (M001/S01/T01) still runs though its worker pid");
        _agent.HasExited.ShouldBeFalse("doctor without --fix changes nothing");

        var fixedReport = _p.Launcher.Run("doctor", "--fix", "--json");

        ((bool?)Finding(fixedReport, "orphaned-agent")["fixed"]).ShouldBe(true, fixedReport.ToString());
        await _agent.Exited.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        File.Exists(_p.Paths.AgentFile("M001")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_new_worker_for_the_milestone_stops_the_agent_its_killed_predecessor_left_before_it_starts()
    {
        WriteRecord(ProcessIdentity.ReadStartTicks(_agent.Pid)!.Value);

        var r = _p.Launcher.Run("auto");

        r.ExitCode.ShouldBe(0, r.ToString());
        r.StdOut.ShouldContain($"stopped the agent (pid {_agent.Pid}");
        await _agent.Exited.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        File.Exists(_p.Paths.AgentFile("M001")).ShouldBeFalse("each agent's record goes when it ends");
    }

    [Fact]
    public void A_record_without_the_agents_start_time_is_reported_unverifiable_and_nothing_is_signalled()
    {
        WriteRecord(0);

        var r = _p.Launcher.Run("doctor", "--fix", "--json");

        var found = Finding(r, "orphaned-agent");
        ((string?)found["message"]).ShouldNotBeNull().ShouldContain("without a process start time: unverifiable");
        ((bool?)found["fixed"]).ShouldBe(false);
        _agent.HasExited.ShouldBeFalse();
        File.Exists(_p.Paths.AgentFile("M001")).ShouldBeTrue();
    }

    private void WriteRecord(long agentStart) =>
        AgentRecordStore.Write(_p.Paths, new AgentRecord("M001", _agent.Pid, agentStart, _agent.Pid, DoctorProject.DeadPid(), 4242, "M001/S01/T01", _p.Root, DateTimeOffset.UtcNow));

    private static JsonNode Finding(ProcessResult r, string code) =>
        JsonNode.Parse(r.StdOut)?["findings"]?.AsArray().FirstOrDefault(f => (string?)f!["code"] == code)
        ?? throw new ShouldAssertException($"no {code} finding:\n{r}");
}
