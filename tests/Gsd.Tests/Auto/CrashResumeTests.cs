using Gsd.Protocol;
using Gsd.Tests.Support;

namespace Gsd.Tests.Auto;

/// <summary>kill -9 at any point, run again: the interrupted unit's changes become a wip commit, the loop goes on, nothing is lost or done twice.</summary>
public sealed class CrashResumeTests
{
    [Fact]
    public void Kill_9_mid_unit_then_rerun_saves_the_work_as_wip_takes_the_lock_over_and_completes()
    {
        using var project = new AutoProject(AutoProject.Sim());
        var ready = Path.Combine(project.Scratch, "ready");
        var agentPid = Path.Combine(project.Scratch, "agent-pid");
        // The sim agent, except that T02's first run writes part of its work and then hangs (until killed).
        var script = TestAgents.WriteScript(project.Scratch, "crashy-agent", $$"""
            if [ "$GSD_UNIT_ID" = "$GSD_MILESTONE_ID/S01/T02" ] && [ ! -e {{TestAgents.Q(ready)}} ]; then
              cat > /dev/null
              echo "T02 started" > t02-partial.txt
              echo $$ > {{TestAgents.Q(agentPid)}}
              touch {{TestAgents.Q(ready)}}
              exec sleep 1000
            fi
            exec {{TestAgents.Q(GsdBinary.Path)}} sim-agent --slices 1 --tasks 3
            """);
        project.SetPreferences(AutoProject.Command(script));
        var mid = project.NewMilestone("Crashy");
        var before = project.Repo.Head();

        int orphan;
        using (var first = project.Start(null, "auto"))
        {
            Eventually.True(() => File.Exists(ready), () => $"T02's agent started\n{first}");
            orphan = int.Parse(File.ReadAllText(agentPid).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            project.Lock().ShouldNotBeNull().UnitId.ShouldBe($"{mid}/S01/T02");
            project.Lock()!.AgentPid.ShouldBe(orphan);
            first.Kill9();
        }
        Gsd.Processes.ProcessIdentity.IsPidAlive(orphan).ShouldBeTrue("a SIGKILLed worker cannot stop its agent, which runs in a session of its own");
        project.Repo.Git("status", "--porcelain").ShouldContain("t02-partial.txt");

        var rerun = project.Gsd("auto");

        rerun.ExitCode.ShouldBe(0, rerun.ToString());
        Eventually.Gone([orphan], "the orphaned agent of the killed worker");
        rerun.StdOut.ShouldContain($"stopped the agent (pid {orphan},");
        rerun.StdOut.ShouldContain($"(it was in execute-task {mid}/S01/T02)");
        var commits = project.CommitsSince(before);
        var described = string.Join('\n', commits);
        var subjects = commits.Select(c => c.Subject).ToList();
        subjects.ShouldBe(
        [
            $"feat({mid}): plan milestone Crashy",
            $"feat({mid}/S01): plan slice Simulated slice 1",
            $"feat({mid}/S01/T01): Simulated task 1",
            $"wip({mid}/S01/T02): interrupted",
            $"feat({mid}/S01/T02): Simulated task 2",
            $"feat({mid}/S01/T03): Simulated task 3",
            $"feat({mid}/S01): complete slice Simulated slice 1",
            $"feat({mid}): complete milestone Crashy",
        ], described);
        commits[3].Files.ShouldBe(["t02-partial.txt"], described);
        commits[3].Trailer("GSD-Unit").ShouldBe($"{mid}/S01/T02");
        project.Repo.Read("t02-partial.txt").ShouldBe("T02 started\n", "nothing done before the kill is lost");
        project.Repo.Read($"sim/{mid.ToLowerInvariant()}/s01-t01.txt").ShouldContain("Simulated task 1");
        project.Repo.Git("status", "--porcelain").ShouldBeEmpty();
        project.Metrics().Units.Count(u => u.Id == $"{mid}/S01/T01").ShouldBe(1, "T01 was not done twice");
    }

    [Fact]
    public void Kill_9_while_idle_between_units_then_rerun_goes_on_without_a_wip_commit_or_a_repeated_unit()
    {
        using var project = new AutoProject(AutoProject.Sim(slices: 1, tasks: 2));
        var mid = project.NewMilestone("Idle kill");
        var before = project.Repo.Head();
        var env = project.WorkerEnv(mid);

        using (var first = project.Start(env, "auto"))
        {
            // Paused is the worker idle between units, on purpose and observable.
            SignalSender.Send(project.Paths, mid, Signals.Pause, "test", TimeProvider.System);
            Eventually.Value(() => project.Status(mid), s => s.State == WorkerState.Paused, () => first.ToString());
            project.Lock().ShouldNotBeNull().UnitId.ShouldBeNull("no unit is running while paused");
            first.Kill9();
        }
        var doneBefore = project.CommitsSince(before).Select(c => c.Subject).ToList();
        project.Status(mid)!.State.ShouldBe(WorkerState.Paused, "a killed worker leaves its last state behind");

        var rerun = project.Gsd(env, "auto");

        rerun.ExitCode.ShouldBe(0, rerun.ToString());
        var subjects = project.CommitsSince(before).Select(c => c.Subject).ToList();
        subjects.ShouldNotContain(s => s.StartsWith("wip(", StringComparison.Ordinal));
        subjects.Distinct().Count().ShouldBe(subjects.Count, string.Join('\n', subjects));
        subjects.Take(doneBefore.Count).ShouldBe(doneBefore);
        subjects.Count.ShouldBe(6);
        subjects[^1].ShouldBe($"feat({mid}): complete milestone Idle kill");
        project.Status(mid)!.State.ShouldBe(WorkerState.Complete);
        var unitIds = project.Metrics().Units.Select(u => (u.Id, u.Type)).ToList();
        unitIds.Distinct().Count().ShouldBe(unitIds.Count, "no unit ran twice");
    }
}
