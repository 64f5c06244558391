using Gsd.Processes;
using Gsd.Tests.Auto;
using Gsd.Tests.Support;

namespace Gsd.Tests.Merge;

/// <summary>git.pre_merge_check: runs on the merged result before it lands; a failure lands nothing; a kill -9 mid-check loses nothing.</summary>
public sealed class PreMergeCheckTests
{
    [Fact]
    public void A_failing_check_fails_the_merge_with_the_tail_of_its_output_and_leaves_the_integration_branch_untouched()
    {
        using var p = new MergeProject(preMergeCheck: "echo running the suite; for i in $(seq 1 100); do echo \"line $i\"; done; echo '3 tests failed' >&2; exit 3");
        var m1 = p.NewMilestone("Breaks the build");
        p.RunWorkers();
        var snapshot = p.Snapshot();

        var (result, items) = p.MergeJson();

        result.ExitCode.ShouldBe(1, result.ToString());
        var item = items.ShouldHaveSingleItem();
        item.Outcome.ShouldBe("failed");
        item.Commit.ShouldBeNull();
        item.Error!.ShouldContain("Pre-merge check failed (exit 3)");
        item.Error!.ShouldContain("3 tests failed");
        item.Error!.ShouldContain("line 100");
        item.Error!.ShouldNotContain("line 1\n", Case.Sensitive, "only the tail of the output");
        item.Error!.ShouldContain("main was not changed");
        MergeProject.ShouldBeUnchanged(p.Snapshot(), snapshot);
        p.MergeLeftovers().ShouldBeEmpty();
        p.BranchExists(m1).ShouldBeTrue();

        var human = p.Gsd("parallel", "merge");
        human.ExitCode.ShouldBe(1);
        human.StdOut.ShouldContain($"{m1}: FAILED — the integration branch is untouched.");
        human.StdOut.ShouldContain("3 tests failed");

        // A check that passes only on the merged result (the milestone's file and main's files together).
        p.WritePreferences("manual", $"test -s sim/{m1.ToLowerInvariant()}/s01-t01.txt && test -f src/app.txt && test -f .gsd/milestones/{m1}/{m1}-SUMMARY.md");
        p.Repo.Commit("a check that passes");

        var retry = p.MergeJson();

        retry.Result.ExitCode.ShouldBe(0, retry.Result.ToString());
        retry.Items.ShouldHaveSingleItem().Outcome.ShouldBe("merged", retry.Result.ToString());
        p.QueueStatuses()[m1].ShouldBe("complete");
        p.MergeLeftovers().ShouldBeEmpty();
    }

    [Fact]
    public void A_merge_killed_during_its_check_changes_nothing_doctor_removes_its_leftovers_and_a_retry_merges_with_nothing_lost()
    {
        using var p = new MergeProject();
        var marker = Path.Combine(p.Scratch, "check-started");
        var pidFile = Path.Combine(p.Scratch, "check.pid");
        p.WritePreferences("manual", $"if [ ! -e '{marker}' ]; then touch '{marker}'; echo $$ > '{pidFile}.tmp'; mv '{pidFile}.tmp' '{pidFile}'; exec sleep 300; fi");
        p.Repo.Commit("a pre-merge check that hangs the first time");
        var m1 = p.NewMilestone("Interrupted");
        p.RunWorkers();
        var tip = p.Git("rev-parse", $"milestone/{m1}");
        var workerUnits = p.WorkerMetrics(m1).Units.Count;
        var snapshot = p.Snapshot(worktrees: false);

        using (var merge = p.Start("parallel", "merge", "--yes"))
        {
            Eventually.True(() => File.Exists(pidFile) || merge.HasExited, () => $"the pre-merge check never started\n{merge}");
            merge.HasExited.ShouldBeFalse(merge.ToString());
            merge.Kill9();
        }
        var checkPid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Gsd.Processes.NativeMethods.Kill(checkPid, Gsd.Processes.NativeMethods.SIGKILL);
        Eventually.Gone([checkPid], "the orphaned pre-merge check");

        // Nothing the user sees changed; the branch, its worktree and the worker's metrics are all still there.
        MergeProject.ShouldBeUnchanged(p.Snapshot(worktrees: false), snapshot);
        p.Git("rev-parse", $"milestone/{m1}").ShouldBe(tip);
        Directory.Exists(p.Worktree(m1)).ShouldBeTrue();
        p.WorkerMetrics(m1).Units.Count.ShouldBe(workerUnits);
        var leftover = p.MergeLeftovers().ShouldHaveSingleItem()["worktree ".Length..];
        Path.GetFileName(leftover).ShouldStartWith($"gsd-check-{m1}-");

        // doctor leaves a fresh one alone (a merge may be using it); once it is older than a minute it is reported and removed.
        var name = Path.GetFileName(leftover);
        File.SetLastWriteTimeUtc(Path.Combine(p.Root, ".git", "worktrees", name, "commondir"), DateTime.UtcNow.AddMinutes(-5));
        var report = p.Gsd("doctor", "--json");
        report.StdOut.ShouldContain("leftover-check-worktree", Case.Sensitive, report.ToString());
        report.StdOut.ShouldContain(leftover);
        var fix = p.Gsd("doctor", "--fix", "--json");
        fix.StdOut.ShouldContain("leftover-check-worktree", Case.Sensitive, fix.ToString());
        Directory.Exists(leftover).ShouldBeFalse();
        p.MergeLeftovers().ShouldBeEmpty();

        var retry = p.MergeJson();

        retry.Result.ExitCode.ShouldBe(0, retry.Result.ToString());
        retry.Items.ShouldHaveSingleItem().Outcome.ShouldBe("merged", retry.Result.ToString());
        var merged = retry.Items[0].Commit!;
        p.Git("rev-parse", "main").ShouldBe(merged);
        ProcessRunner.Run("git", ["diff", "--quiet", tip, "main", "--", "sim", ".gsd/milestones"], p.Root).ExitCode.ShouldBe(0, "everything the branch had is on main");
        p.RootMetrics().Units.Count(u => u.MilestoneId == m1).ShouldBe(workerUnits, "carried once, not twice");
        p.BranchExists(m1).ShouldBeFalse();
        p.MergeLeftovers().ShouldBeEmpty();
    }
}
