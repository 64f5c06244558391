using Gsd.Protocol;

namespace Gsd.Tests.Merge;

/// <summary>auto_merge: auto — the coordinator merges each milestone as it completes, and a merge that unblocks a dependent starts it.</summary>
public sealed class AutoMergeTests
{
    [Fact]
    public void One_start_runs_a_dependency_chain_through_merging_each_milestone_as_it_completes()
    {
        using var p = new MergeProject(autoMerge: "auto");
        var m1 = p.NewMilestone("Base");
        var m2 = p.NewMilestone("Built on the base", m1);
        var m3 = p.NewMilestone("Independent");
        var before = p.Git("rev-parse", "main");

        var run = p.RunWorkers();

        var statuses = p.QueueStatuses();
        statuses.Values.ShouldAllBe(s => s == "complete", run.ToString());
        var subjects = p.CommitsSince(before).Select(c => c.Subject).ToList();
        subjects.Count.ShouldBe(3, string.Join('\n', subjects));
        subjects.ShouldContain("feat(M001): Base");
        subjects.ShouldContain("feat(M002): Built on the base");
        subjects.ShouldContain("feat(M003): Independent");
        subjects.IndexOf("feat(M001): Base").ShouldBeLessThan(subjects.IndexOf("feat(M002): Built on the base"));
        p.Git("rev-list", "--min-parents=2", "main").ShouldBeEmpty();
        p.Git("branch", "--list", "milestone/*").ShouldBeEmpty();
        foreach (var mid in new[] { m1, m2, m3 })
        {
            Directory.Exists(p.Worktree(mid)).ShouldBeFalse();
            new MergeLedger(p.Paths).Find(mid)!.Outcome.ShouldBe(MergeRecordOutcome.Merged);
            p.RootMetrics().Units.ShouldContain(u => u.MilestoneId == mid);
        }
        p.Git("status", "--porcelain").ShouldBeEmpty();
        p.MergeLeftovers().ShouldBeEmpty();
        var merge = p.MergeJson();
        merge.Result.ExitCode.ShouldBe(0);
        merge.Items.ShouldBeEmpty("nothing is left to merge");
    }
}
