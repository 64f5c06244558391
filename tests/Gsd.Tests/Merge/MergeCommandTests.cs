using Gsd.IO;
using Gsd.Processes;
using Gsd.Protocol;

namespace Gsd.Tests.Merge;

/// <summary>`gsd parallel merge` on bad or premature input: each says what is wrong and where, and changes nothing.</summary>
public sealed class MergeCommandTests
{
    [Fact]
    public void A_milestone_id_that_is_not_one_is_a_usage_error_naming_it()
    {
        using var p = new MergeProject();

        var r = p.Gsd("parallel", "merge", "M1");

        r.ExitCode.ShouldBe(2, r.ToString());
        r.StdErr.ShouldContain("'M1' is not a milestone id (M###)");
    }

    [Fact]
    public void A_milestone_that_does_not_exist_is_named_as_such_not_as_a_missing_branch()
    {
        using var p = new MergeProject();
        p.NewMilestone("Exists");

        var r = p.Gsd("parallel", "merge", "M099");

        r.ExitCode.ShouldBe(2, r.ToString());
        r.StdErr.ShouldContain("no milestone M099");
        r.All.ShouldNotContain("there is no branch milestone/M099;");
    }

    [Fact]
    public void Merge_refuses_when_parallel_mode_is_off()
    {
        using var p = new MergeProject();
        p.Repo.Write(".gsd/PREFERENCES.md", "---\nparallel:\n  enabled: false\n---\n");
        p.Repo.Commit("parallel off");

        var r = p.Gsd("parallel", "merge");

        r.ExitCode.ShouldBe(2, r.ToString());
        r.All.ShouldContain("Parallel mode is not enabled");
    }

    [Fact]
    public void A_milestone_without_a_branch_an_incomplete_one_and_one_whose_worker_runs_are_skipped_saying_why_with_nothing_changed()
    {
        using var p = new MergeProject();
        var m1 = p.NewMilestone("Not started");
        var m2 = p.NewMilestone("Half done");
        p.Git("worktree", "add", "-q", "-b", $"milestone/{m2}", p.Worktree(m2));
        MergeProject.GitIn(p.Worktree(m2), "commit", "-q", "--allow-empty", "-m", "work in progress");
        var snapshot = p.Snapshot();

        var none = p.MergeJson(m1);
        none.Result.ExitCode.ShouldBe(1, none.Result.ToString());
        none.Items.ShouldHaveSingleItem().Outcome.ShouldBe("skipped");
        none.Items[0].Error!.ShouldContain($"there is no branch milestone/{m1}");

        var half = p.Gsd("parallel", "merge", m2);
        half.ExitCode.ShouldBe(1, half.ToString());
        half.StdOut.ShouldContain($"{m2}: skipped — {m2} is not complete on milestone/{m2}");

        // Nothing complete: `merge` of everything has nothing to do.
        var all = p.Gsd("parallel", "merge");
        all.ExitCode.ShouldBe(0, all.ToString());
        all.StdOut.ShouldContain("Nothing to merge");
        MergeProject.ShouldBeUnchanged(p.Snapshot(), snapshot);

        // Complete on its branch, but its worker is still alive (here: this test process, heartbeating now).
        p.WorkByHand(m2).ExitCode.ShouldBe(0);
        var me = ProcessIdentity.Current;
        JsonFile.Write(p.Paths.StatusFile(m2), new WorkerStatus
        {
            MilestoneId = m2,
            Pid = me.Pid,
            ProcessStartedAt = me.StartTicks,
            State = WorkerState.Running,
            LastHeartbeat = DateTimeOffset.UtcNow,
            StartedAt = DateTimeOffset.UtcNow,
        }, GsdJsonContext.Default.WorkerStatus);

        var live = p.MergeJson(m2);

        live.Result.ExitCode.ShouldBe(1, live.Result.ToString());
        live.Items.ShouldHaveSingleItem().Outcome.ShouldBe("skipped");
        live.Items[0].Error!.ShouldContain($"its worker (pid {me.Pid}) is still running");
        p.BranchExists(m2).ShouldBeTrue();
        p.QueueStatuses()[m2].ShouldNotBe("complete");
    }

    [Fact]
    public void A_corrupt_merge_ledger_is_named_and_nothing_is_merged_over_it()
    {
        using var p = new MergeProject();
        var m1 = p.NewMilestone("Blocked by a broken ledger");
        p.CompleteByHand(m1);
        Directory.CreateDirectory(p.Paths.Directory);
        var ledger = new MergeLedger(p.Paths).FilePath;
        File.WriteAllText(ledger, "{\"milestones\": {\"M009\": ");
        var before = p.Git("rev-parse", "main");

        var r = p.Gsd("parallel", "merge");

        r.ExitCode.ShouldBe(1, r.ToString());
        r.StdErr.ShouldContain(ledger);
        r.StdErr.ShouldContain("not valid JSON");
        r.StdErr.ShouldContain("move it aside");
        p.Git("rev-parse", "main").ShouldBe(before);
        File.ReadAllText(ledger).ShouldBe("{\"milestones\": {\"M009\": ");
        p.BranchExists(m1).ShouldBeTrue();
    }

    [Fact]
    public void An_integration_branch_that_does_not_exist_fails_the_merge_naming_it()
    {
        using var p = new MergeProject();
        var m1 = p.NewMilestone("Aimed elsewhere");
        p.CompleteByHand(m1);
        File.WriteAllText(Path.Combine(p.Worktree(m1), $".gsd/milestones/{m1}/{m1}-META.json"), "{\"integrationBranch\": \"release\"}\n");
        MergeProject.GitIn(p.Worktree(m1), "add", "-A");
        MergeProject.GitIn(p.Worktree(m1), "commit", "-qm", "aim at release");
        var snapshot = p.Snapshot();

        var (result, items) = p.MergeJson();

        result.ExitCode.ShouldBe(1, result.ToString());
        items.ShouldHaveSingleItem().Outcome.ShouldBe("failed");
        items[0].Error!.ShouldContain("Integration branch release does not exist");
        MergeProject.ShouldBeUnchanged(p.Snapshot(), snapshot);
        p.BranchExists(m1).ShouldBeTrue();
    }
}
