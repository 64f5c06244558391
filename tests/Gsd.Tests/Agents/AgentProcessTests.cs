using Gsd.Agents;
using Gsd.Processes;
using Gsd.Tests.Support;

namespace Gsd.Tests.Agents;

/// <summary>The agent runs in a process group of its own, and everything in it dies on timeout, cancellation or exit.</summary>
public sealed class AgentProcessTests : IDisposable
{
    private readonly TempDir _dir = new("gsd-agent-proc");

    public void Dispose() => _dir.Dispose();

    [Fact(Timeout = Hang.EndToEnd)]
    public async Task Agent_leads_its_own_process_group_and_cancellation_kills_grandchildren()
    {
        var pidFile = _dir.File("pids");
        var agent = AgentFactory.Create(TestAgents.Settings(TestAgents.Hanging(_dir.Path, pidFile)));
        using var cts = new CancellationTokenSource();

        var run = agent.RunAsync(TestAgents.Invocation(_dir.Path), cts.Token);
        var pids = await WaitForPidsAsync(pidFile, run);
        var pgid = agent.ProcessGroupId;

        pgid.ShouldNotBeNull();
        pids.ShouldContain(pgid.Value, "the leader is the script itself (spawned as its own session)");
        ProcessGroup.Of(pgid.Value).ShouldBe(pgid.Value);
        pgid.Value.ShouldNotBe(ProcessGroup.Of(Environment.ProcessId)!.Value);
        foreach (var pid in pids)
        {
            ProcessGroup.Of(pid).ShouldBe(pgid.Value, $"pid {pid} belongs to the agent's group");
        }

        await cts.CancelAsync();
        var result = await run;

        result.Interrupted.ShouldBeTrue();
        result.TimedOut.ShouldBeFalse();
        result.IsError.ShouldBeTrue();
        result.ErrorText.ShouldNotBeNull().ShouldContain("interrupted");
        ShouldAllBeGone(pids);
        agent.ProcessGroupId.ShouldBeNull();
    }

    [Fact(Timeout = Hang.EndToEnd)]
    public async Task Unit_timeout_kills_the_whole_process_group_and_reports_timed_out()
    {
        var pidFile = _dir.File("pids");
        var timeout = TimeSpan.FromHours(1);
        var clock = new TriggerableTimeProvider(timeout);
        var settings = TestAgents.Settings(TestAgents.Hanging(_dir.Path, pidFile), timeout);
        var agent = AgentFactory.Create(settings, Environment.GetEnvironmentVariable, new AgentProcess(clock));

        var run = agent.RunAsync(TestAgents.Invocation(_dir.Path), TestContext.Current.CancellationToken);
        var pids = await WaitForPidsAsync(pidFile, run);
        clock.Fire();
        var result = await run;

        result.TimedOut.ShouldBeTrue();
        result.Interrupted.ShouldBeFalse();
        result.IsError.ShouldBeTrue();
        result.ErrorText.ShouldNotBeNull().ShouldContain("agent.unit_timeout (60m)");
        result.ExitCode.ShouldBe(128 + NativeMethods.SIGTERM);
        ShouldAllBeGone(pids);
    }

    [Fact(Timeout = Hang.EndToEnd)]
    public async Task Agent_that_ignores_sigterm_is_killed_after_the_grace_period()
    {
        var pidFile = _dir.File("pids");
        var settings = TestAgents.Settings(TestAgents.Hanging(_dir.Path, pidFile, ignoreTerm: true));
        var agent = AgentFactory.Create(settings, Environment.GetEnvironmentVariable, new AgentProcess(killGrace: TimeSpan.FromMilliseconds(300)));
        using var cts = new CancellationTokenSource();

        var run = agent.RunAsync(TestAgents.Invocation(_dir.Path), cts.Token);
        var pids = await WaitForPidsAsync(pidFile, run);
        await cts.CancelAsync();
        var result = await run;

        result.Interrupted.ShouldBeTrue();
        result.ExitCode.ShouldBe(128 + NativeMethods.SIGKILL);
        ShouldAllBeGone(pids);
    }

    [Fact(Timeout = Hang.EndToEnd)]
    public async Task Signalling_the_exposed_group_stops_the_agent_and_its_grandchildren()
    {
        var pidFile = _dir.File("pids");
        var agent = AgentFactory.Create(TestAgents.Settings(TestAgents.Hanging(_dir.Path, pidFile)));

        var run = agent.RunAsync(TestAgents.Invocation(_dir.Path), TestContext.Current.CancellationToken);
        var pids = await WaitForPidsAsync(pidFile, run);
        ProcessGroup.Signal(agent.ProcessGroupId!.Value, NativeMethods.SIGTERM).ShouldBeTrue();
        var result = await run;

        result.ExitCode.ShouldBe(128 + NativeMethods.SIGTERM);
        result.IsError.ShouldBeTrue();
        ShouldAllBeGone(pids);
    }

    [Fact(Timeout = Hang.EndToEnd)]
    public async Task Processes_a_finished_agent_left_behind_are_stopped()
    {
        var pidFile = _dir.File("pid");
        var agent = AgentFactory.Create(TestAgents.Settings(TestAgents.LeavingBackgroundProcess(_dir.Path, pidFile)));

        var result = await agent.RunAsync(TestAgents.Invocation(_dir.Path), TestContext.Current.CancellationToken);

        result.ExitCode.ShouldBe(0);
        result.IsError.ShouldBeFalse();
        result.Output.ShouldBe("finished\n");
        ShouldAllBeGone([ReadPids(pidFile).Single()]);
    }

    [Fact(Timeout = Hang.EndToEnd)]
    public async Task Cancelled_before_it_starts_runs_nothing()
    {
        var outDir = _dir.File("out");
        var agent = AgentFactory.Create(TestAgents.Settings(TestAgents.Recording(_dir.Path, outDir)));
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var result = await agent.RunAsync(TestAgents.Invocation(_dir.Path), cts.Token);

        result.Interrupted.ShouldBeTrue();
        result.IsError.ShouldBeTrue();
        Directory.Exists(outDir).ShouldBeFalse();
    }

    private static async Task<IReadOnlyList<int>> WaitForPidsAsync(string pidFile, Task<AgentResult> run)
    {
        // A bound only so a broken script fails the test instead of hanging it.
        var limit = DateTime.UtcNow.AddSeconds(60);
        while (!(File.Exists(pidFile) && File.ReadAllText(pidFile).Contains("ready", StringComparison.Ordinal)))
        {
            if (run.IsCompleted)
            {
                Assert.Fail($"the agent ended before it was ready: {await run}");
            }
            if (DateTime.UtcNow > limit)
            {
                Assert.Fail($"the hanging agent never wrote its pids to {pidFile}");
            }
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
        var pids = ReadPids(pidFile);
        pids.Count.ShouldBe(4);
        foreach (var pid in pids)
        {
            ProcessIdentity.IsPidAlive(pid).ShouldBeTrue($"pid {pid} runs before the kill");
        }
        return pids;
    }

    private static List<int> ReadPids(string pidFile) =>
        [.. File.ReadAllLines(pidFile).Where(l => l.Length > 0 && char.IsAsciiDigit(l[0])).Select(int.Parse)];

    private static void ShouldAllBeGone(IReadOnlyList<int> pids)
    {
        foreach (var pid in pids)
        {
            ProcessIdentity.IsPidAlive(pid).ShouldBeFalse($"pid {pid} of the agent's group is still running");
        }
    }
}
