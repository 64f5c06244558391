using System.Text.Json;
using Gsd.Tests.Support;

namespace Gsd.Tests.Auto;

/// <summary>`gsd auto` with the built-in sim agent, through the real binary in real git repositories (ARCHITECTURE §4).</summary>
public sealed class SimWorkerTests
{
    [Fact]
    public void Git_housekeeping_runs_once_at_the_end_of_the_run_instead_of_after_every_unit_commit()
    {
        using var project = new AutoProject(AutoProject.Sim(slices: 1, tasks: 2));
        project.NewMilestone("Sim milestone");
        var before = project.Repo.Head();
        var trace = Path.Combine(Path.GetTempPath(), $"gsd-trace2-{Guid.NewGuid():N}.log");
        try
        {
            // git's own trace of every git process (GIT_TRACE2): which commands ran, and what each started.
            var run = project.Gsd(new Dictionary<string, string?> { ["GIT_TRACE2"] = trace }, "auto");

            run.ExitCode.ShouldBe(0, run.ToString());
            var commits = project.CommitsSince(before).Count;
            commits.ShouldBeGreaterThan(3);
            var started = File.ReadAllLines(trace).Where(l => l.Contains(" cmd_name ", StringComparison.Ordinal)).ToList();
            started.Count(l => l.Contains(" cmd_name commit ", StringComparison.Ordinal)).ShouldBe(commits, string.Join('\n', started));
            started.Count(l => l.Contains(" cmd_name maintenance ", StringComparison.Ordinal))
                .ShouldBe(1, "one `git maintenance run --auto` for the run, none started by a unit's commit:\n" + string.Join('\n', started));
            File.ReadAllLines(trace).ShouldContain(l => l.Contains("start git maintenance run --auto --quiet", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(trace);
        }
    }

    [Fact]
    public void Milestone_without_roadmap_goes_to_complete_with_one_commit_per_unit_as_design_says()
    {
        using var project = new AutoProject(AutoProject.Sim(slices: 2, tasks: 2, cost: 0.02m));
        var mid = project.NewMilestone("Sim milestone");
        var before = project.Repo.Head();

        var run = project.Gsd("auto");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.StdOut.ShouldContain($"{mid} complete", Case.Sensitive, run.ToString());
        project.Repo.Exists($".gsd/milestones/{mid}/{mid}-SUMMARY.md").ShouldBeTrue();
        project.Gsd("queue", "--json").StdOut.ShouldContain("\"complete\"");

        string[] expectedUnits =
        [
            $"{mid}", $"{mid}/S01", $"{mid}/S01/T01", $"{mid}/S01/T02", $"{mid}/S01",
            $"{mid}/S02", $"{mid}/S02/T01", $"{mid}/S02/T02", $"{mid}/S02", $"{mid}",
        ];
        var commits = project.CommitsSince(before);
        var described = string.Join('\n', commits);
        commits.Select(c => c.Trailer("GSD-Unit")).ShouldBe(expectedUnits, described);
        commits[0].Subject.ShouldBe($"feat({mid}): plan milestone Sim milestone");
        commits[1].Subject.ShouldBe($"feat({mid}/S01): plan slice Simulated slice 1");
        commits[2].Subject.ShouldBe($"feat({mid}/S01/T01): Simulated task 1");
        commits[4].Subject.ShouldBe($"feat({mid}/S01): complete slice Simulated slice 1");
        commits[^1].Subject.ShouldBe($"feat({mid}): complete milestone Sim milestone");
        foreach (var c in commits)
        {
            c.Subject.ShouldStartWith($"feat({c.Trailer("GSD-Unit")}): ", Case.Sensitive, described);
            c.Trailer("GSD-Milestone").ShouldBe(mid, described);
            c.Body.Trim().ShouldBe($"GSD-Unit: {c.Trailer("GSD-Unit")}\nGSD-Milestone: {mid}", described);
            c.Files.ShouldNotBeEmpty(described);
            foreach (var f in c.Files)
            {
                (f.StartsWith($".gsd/milestones/{mid}/", StringComparison.Ordinal) || !f.StartsWith(".gsd/", StringComparison.Ordinal))
                    .ShouldBeTrue($"{c}: {f} is neither code nor this milestone's planning file");
            }
        }
        commits[2].Files.ShouldContain($"sim/{mid.ToLowerInvariant()}/s01-t01.txt");
        commits[2].Files.ShouldContain($".gsd/milestones/{mid}/slices/S01/tasks/T01-SUMMARY.md");
        commits[2].Files.ShouldContain($".gsd/milestones/{mid}/slices/S01/S01-PLAN.md", "the worker ticks the task in the same commit");
        project.Repo.Read($".gsd/milestones/{mid}/slices/S01/S01-PLAN.md").ShouldContain("- [x] **T01:");
        project.Repo.Read($".gsd/milestones/{mid}/{mid}-ROADMAP.md").ShouldContain("- [x] **S02:");

        // Runtime files are never committed, and nothing is left uncommitted.
        project.Repo.Git("log", "--name-only", "--format=").ShouldNotContain("metrics.json");
        project.Repo.Git("log", "--name-only", "--format=").ShouldNotContain("auto.lock");
        project.Repo.Git("status", "--porcelain").ShouldBeEmpty();
        File.Exists(project.LockPath).ShouldBeFalse("the lock is released on exit");

        // metrics.json: one entry per unit, in the ARCHITECTURE §4 shape.
        var json = project.MetricsJson();
        json.GetProperty("version").GetInt32().ShouldBe(1);
        var units = json.GetProperty("units").EnumerateArray().ToList();
        units.Select(u => u.GetProperty("id").GetString()).ShouldBe(expectedUnits);
        foreach (var u in units)
        {
            foreach (var field in new[] { "type", "id", "model", "startedAt", "finishedAt", "tokens", "cost" })
            {
                u.TryGetProperty(field, out _).ShouldBeTrue($"metrics entry lacks {field}: {u}");
            }
            var started = u.GetProperty("startedAt").GetDateTimeOffset();
            u.GetProperty("finishedAt").GetDateTimeOffset().ShouldBeGreaterThanOrEqualTo(started);
            var tokens = u.GetProperty("tokens");
            foreach (var t in new[] { "input", "output", "cacheRead", "cacheWrite", "total" })
            {
                tokens.TryGetProperty(t, out _).ShouldBeTrue($"tokens lacks {t}: {u}");
            }
        }
        var agentUnit = units[2];
        agentUnit.GetProperty("type").GetString().ShouldBe("execute-task");
        agentUnit.GetProperty("cost").GetDecimal().ShouldBe(0.02m);
        agentUnit.GetProperty("model").GetString().ShouldBe("gsd-sim");
        agentUnit.GetProperty("tokens").GetProperty("input").GetInt64().ShouldBe(1200);
        agentUnit.GetProperty("tokens").GetProperty("output").GetInt64().ShouldBe(300);
        agentUnit.GetProperty("tokens").GetProperty("total").GetInt64().ShouldBe(1500);
        units[4].GetProperty("type").GetString().ShouldBe("complete-slice");
        units[4].GetProperty("cost").GetDecimal().ShouldBe(0m);
        units[4].GetProperty("model").ValueKind.ShouldBe(JsonValueKind.Null, "the worker did it, no model ran");
        units.Sum(u => u.GetProperty("cost").GetDecimal()).ShouldBe(0.02m * 7);
        // Atomic writes leave no temp file behind.
        Directory.EnumerateFiles(project.Repo.Path(".gsd"), "*.tmp", SearchOption.AllDirectories).ShouldBeEmpty();
    }

    [Fact]
    public void Solo_mode_works_the_first_eligible_milestone_in_queue_order()
    {
        using var project = new AutoProject(AutoProject.Sim(slices: 1, tasks: 1));
        var m1 = project.NewMilestone("Waits for M002");
        var m2 = project.NewMilestone("Dependency");
        var m3 = project.NewMilestone("Queued first among the ready");
        project.Repo.Write($".gsd/milestones/{m1}/{m1}-CONTEXT.md", $"---\ndepends_on: [{m2}]\n---\n\n# {m1}: Waits for M002\n");
        project.Repo.Write(".gsd/QUEUE-ORDER.json", $"{{\"order\":[\"{m1}\",\"{m3}\",\"{m2}\"]}}");
        project.Repo.Commit("queue order");
        var before = project.Repo.Head();

        var run = project.Gsd("auto");

        run.ExitCode.ShouldBe(0, run.ToString());
        var commits = project.CommitsSince(before);
        commits.ShouldNotBeEmpty();
        commits.ShouldAllBe(c => c.Trailer("GSD-Milestone") == m3, string.Join('\n', commits));
        project.Repo.Exists($".gsd/milestones/{m3}/{m3}-SUMMARY.md").ShouldBeTrue();
        project.Repo.Exists($".gsd/milestones/{m2}/{m2}-ROADMAP.md").ShouldBeFalse("one milestone per run");
        project.Repo.Exists($".gsd/milestones/{m1}/{m1}-ROADMAP.md").ShouldBeFalse("blocked by its dependency");

        // Next run: M001 is still blocked, so M002 is next.
        project.Gsd("auto").ExitCode.ShouldBe(0);
        project.Repo.Exists($".gsd/milestones/{m2}/{m2}-SUMMARY.md").ShouldBeTrue();
        project.Repo.Exists($".gsd/milestones/{m1}/{m1}-ROADMAP.md").ShouldBeFalse();
    }

    [Fact]
    public void Nothing_eligible_says_so_and_exits_0()
    {
        using var project = new AutoProject(AutoProject.Sim());

        var run = project.Gsd("auto");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.StdOut.ShouldContain("No eligible milestones");
    }

    [Fact]
    public void Locked_mode_works_only_the_locked_milestone()
    {
        using var project = new AutoProject(AutoProject.Sim(slices: 1, tasks: 1));
        var m1 = project.NewMilestone("Not this one");
        var m2 = project.NewMilestone("The locked one");
        var before = project.Repo.Head();

        var run = project.Gsd(new Dictionary<string, string?> { ["GSD_MILESTONE_LOCK"] = m2 }, "auto");

        run.ExitCode.ShouldBe(0, run.ToString());
        project.CommitsSince(before).ShouldAllBe(c => c.Trailer("GSD-Milestone") == m2);
        project.Repo.Exists($".gsd/milestones/{m2}/{m2}-SUMMARY.md").ShouldBeTrue();
        project.Repo.Exists($".gsd/milestones/{m1}/{m1}-ROADMAP.md").ShouldBeFalse();

        // Run again on the complete milestone: nothing to do, still exit 0, no new commit.
        var head = project.Repo.Head();
        var again = project.Gsd(new Dictionary<string, string?> { ["GSD_MILESTONE_LOCK"] = m2 }, "auto");
        again.ExitCode.ShouldBe(0, again.ToString());
        again.StdOut.ShouldContain($"{m2} complete");
        project.Repo.Head().ShouldBe(head);
    }

    [Theory]
    [InlineData("M9", "is not a milestone id")]
    [InlineData("M042", "Milestone M042 not found")]
    public void Bad_milestone_lock_is_a_usage_error_naming_it(string value, string message)
    {
        using var project = new AutoProject(AutoProject.Sim());
        project.NewMilestone("Something");

        var run = project.Gsd(new Dictionary<string, string?> { ["GSD_MILESTONE_LOCK"] = value }, "auto");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.StdErr.ShouldContain(message);
        run.StdErr.ShouldContain(value);
    }

    [Fact]
    public void Parked_milestone_lock_is_a_usage_error_naming_the_parked_file()
    {
        using var project = new AutoProject(AutoProject.Sim());
        var mid = project.NewMilestone("Parked");
        project.Repo.Write($".gsd/milestones/{mid}/{mid}-PARKED.md", "parked\n");
        project.Repo.Commit("park");

        var run = project.Gsd(new Dictionary<string, string?> { ["GSD_MILESTONE_LOCK"] = mid }, "auto");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.StdErr.ShouldContain($"GSD_MILESTONE_LOCK={mid}");
        run.StdErr.ShouldContain($"{mid}-PARKED.md");
    }

    [Fact]
    public void Uncommitted_changes_of_the_user_in_a_solo_checkout_are_refused_naming_them_and_left_alone()
    {
        using var project = new AutoProject(AutoProject.Sim());
        var mid = project.NewMilestone("Careful");
        project.Repo.Write("notes/mine.txt", "my own work\n");
        var before = project.Repo.Head();

        var run = project.Gsd("auto");

        run.ExitCode.ShouldBe(1, run.ToString());
        run.StdErr.ShouldContain("uncommitted changes that no interrupted gsd unit made");
        run.StdErr.ShouldContain("notes/mine.txt");
        run.StdErr.ShouldContain(project.Root);
        project.Repo.Head().ShouldBe(before);
        project.Repo.Read("notes/mine.txt").ShouldBe("my own work\n");
        project.Repo.Exists($".gsd/milestones/{mid}/{mid}-ROADMAP.md").ShouldBeFalse();
    }

    [Fact]
    public void Only_the_code_and_this_milestones_planning_files_are_committed_even_when_the_agent_stages_others()
    {
        using var project = new AutoProject(AutoProject.Sim());
        var other = project.NewMilestone("Another milestone");
        var mid = project.NewMilestone("Mine");
        // Wraps the sim agent: also writes (and stages, as `git add -A` would) files outside the milestone's own .gsd/ dir.
        var script = TestAgents.WriteScript(project.Scratch, "meddling-agent", $$"""
            mkdir -p .gsd/activity
            echo "noise $GSD_UNIT_ID" >> .gsd/milestones/{{other}}/{{other}}-NOTES.md
            echo "noise $GSD_UNIT_ID" >> .gsd/STRAY.md
            echo "activity" >> .gsd/activity/log.txt
            git add -A
            exec {{TestAgents.Q(GsdBinary.Path)}} sim-agent --slices 1 --tasks 1
            """);
        project.SetPreferences(AutoProject.Command(script));
        var before = project.Repo.Head();

        var run = project.Gsd(new Dictionary<string, string?> { ["GSD_MILESTONE_LOCK"] = mid }, "auto");

        run.ExitCode.ShouldBe(0, run.ToString());
        var commits = project.CommitsSince(before);
        commits.Count.ShouldBe(5, string.Join('\n', commits));
        foreach (var f in commits.SelectMany(c => c.Files))
        {
            (f.StartsWith($".gsd/milestones/{mid}/", StringComparison.Ordinal) || !f.StartsWith(".gsd/", StringComparison.Ordinal))
                .ShouldBeTrue($"{f} was committed:\n{string.Join('\n', commits)}");
        }
        // What was not the milestone's is still there, uncommitted: nothing discarded.
        project.Repo.Read(".gsd/STRAY.md").ShouldContain("noise");
        project.Repo.Git("status", "--porcelain").ShouldContain(".gsd/STRAY.md");
    }

    [Fact]
    public void Json_output_is_one_event_object_per_line()
    {
        using var project = new AutoProject(AutoProject.Sim(slices: 1, tasks: 1));
        var mid = project.NewMilestone("Json");

        var run = project.Gsd("auto", "--json");

        run.ExitCode.ShouldBe(0, run.ToString());
        var lines = run.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var events = lines.Select(l =>
        {
            using var doc = JsonDocument.Parse(l);
            doc.RootElement.ValueKind.ShouldBe(JsonValueKind.Object, l);
            return doc.RootElement.Clone();
        }).ToList();
        events[0].GetProperty("event").GetString().ShouldBe("start");
        events[^1].GetProperty("event").GetString().ShouldBe("end");
        events[^1].GetProperty("outcome").GetString().ShouldBe("complete");
        var ends = events.Where(e => e.GetProperty("event").GetString() == "unit-end").ToList();
        ends.Select(e => e.GetProperty("unitId").GetString()).ShouldBe([mid, $"{mid}/S01", $"{mid}/S01/T01", $"{mid}/S01", mid]);
        ends.ShouldAllBe(e => e.GetProperty("outcome").GetString() == "succeeded");
        ends[0].GetProperty("cost").GetDecimal().ShouldBe(0.01m);
        ends[0].TryGetProperty("durationSeconds", out _).ShouldBeTrue();
        ends[0].GetProperty("commit").GetString()!.Length.ShouldBe(40);
        events.Count(e => e.GetProperty("event").GetString() == "unit-start").ShouldBe(5);
    }

    [Fact]
    public void Plain_output_when_not_a_terminal_shows_each_unit_start_and_end_with_cost_and_duration()
    {
        using var project = new AutoProject(AutoProject.Sim(slices: 1, tasks: 1, cost: 0.25m));
        var mid = project.NewMilestone("Plain");

        var run = project.Gsd("auto");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.StdOut.ShouldNotContain("\r");
        run.StdOut.ShouldNotContain("\u001b[");
        var lines = run.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.ShouldContain($"▶ plan-milestone {mid} — plan milestone Plain");
        lines.ShouldContain(l => l.StartsWith($"✔ execute-task {mid}/S01/T01 succeeded in ", StringComparison.Ordinal) && l.Contains("cost $0.2500", StringComparison.Ordinal), run.StdOut);
        lines[^1].ShouldBe($"gsd auto: {mid} complete");
    }
}
