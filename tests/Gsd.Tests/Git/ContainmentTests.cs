using Gsd.Merge;

namespace Gsd.Tests.Git;

public sealed class ContainmentTests : IDisposable
{
    private readonly MilestoneRepo _m = new();

    private static CancellationToken Ct => MilestoneRepo.Ct;

    public void Dispose() => _m.Dispose();

    private Containment Containment => new(_m.Root);

    [Fact]
    public async Task Unmerged_work_is_not_contained_and_safe_remove_keeps_branch_and_worktree()
    {
        _m.StartMilestone("M001");
        var tip = _m.CommitInMilestone("M001", "work", ("src/feature.txt", "feature\n"));

        var proof = await Containment.ProveContainedAsync("milestone/M001", "main", Ct);
        proof.Contained.ShouldBeFalse();
        proof.Reason.ShouldContain("src/feature.txt");
        proof.OwnCommits.ShouldBe(1);

        var removal = await Containment.SafeRemoveAsync("milestone/M001", "main", Ct);

        removal.Removed.ShouldBeFalse();
        removal.WorktreeRemoved.ShouldBeFalse();
        removal.BranchDeleted.ShouldBeFalse();
        removal.Reason.ShouldContain("Kept milestone/M001");
        removal.Reason.ShouldContain("src/feature.txt");
        _m.Git("rev-parse", "milestone/M001").ShouldBe(tip);
        File.Exists(Path.Combine(_m.Worktree("M001"), "src", "feature.txt")).ShouldBeTrue();
    }

    [Fact]
    public async Task A_branch_without_commits_of_its_own_is_not_proven()
    {
        _m.StartMilestone("M001");

        var proof = await Containment.ProveContainedAsync("milestone/M001", "main", Ct);

        proof.Contained.ShouldBeFalse();
        proof.OwnCommits.ShouldBe(0);
        proof.Reason.ShouldContain("no commits of its own");
        (await Containment.SafeRemoveAsync("milestone/M001", "main", Ct)).Removed.ShouldBeFalse();
        Directory.Exists(_m.Worktree("M001")).ShouldBeTrue();
    }

    [Fact]
    public async Task After_the_squash_merge_the_branch_is_proven_contained_even_when_main_moved_on_over_the_same_lines()
    {
        _m.StartMilestone("M001");
        _m.CommitInMilestone("M001", "work",
            ("src/app.txt", MilestoneRepo.Replace(MilestoneRepo.App, "line 4", "line 4 by M001")),
            (".gsd/STATE.md", "state from the worker\n"));
        (await MergeEngine.SquashMergeAsync(_m.Request("M001"), Ct)).Outcome.ShouldBe(MergeOutcome.Merged);
        _m.CommitOnMain("M002 rewrites the line later", ("src/app.txt", MilestoneRepo.Replace(MilestoneRepo.App, "line 4", "line 4 by M002")),
            (".gsd/STATE.md", "state on main\n"));

        var proof = await Containment.ProveContainedAsync("milestone/M001", "main", Ct);

        proof.Contained.ShouldBeTrue(proof.Reason);
        proof.OwnCommits.ShouldBe(1);
    }

    [Fact]
    public async Task A_commit_after_the_merge_breaks_the_proof()
    {
        _m.StartMilestone("M001");
        _m.CommitInMilestone("M001", "work", ("src/feature.txt", "feature\n"));
        (await MergeEngine.SquashMergeAsync(_m.Request("M001"), Ct)).Outcome.ShouldBe(MergeOutcome.Merged);
        _m.CommitInMilestone("M001", "more", ("src/late.txt", "late\n"));

        var proof = await Containment.ProveContainedAsync("milestone/M001", "main", Ct);

        proof.Contained.ShouldBeFalse();
        proof.Reason.ShouldContain("src/late.txt");
    }

    [Fact]
    public async Task Safe_remove_refuses_a_dirty_worktree_then_removes_worktree_branch_and_landing_record_once_clean()
    {
        _m.StartMilestone("M001");
        _m.CommitInMilestone("M001", "work", ("src/feature.txt", "feature\n"));
        (await MergeEngine.SquashMergeAsync(_m.Request("M001"), Ct)).Outcome.ShouldBe(MergeOutcome.Merged);
        var leftover = Path.Combine(_m.Worktree("M001"), "notes.txt");
        File.WriteAllText(leftover, "not committed\n");

        var refused = await Containment.SafeRemoveAsync("milestone/M001", "main", Ct);

        refused.Removed.ShouldBeFalse();
        refused.Reason.ShouldContain("uncommitted changes");
        refused.Reason.ShouldContain("notes.txt");
        File.ReadAllText(leftover).ShouldBe("not committed\n");
        _m.Git("branch", "--list", "milestone/M001").ShouldNotBeEmpty();

        File.Delete(leftover);
        var removed = await Containment.SafeRemoveAsync("milestone/M001", "main", Ct);

        removed.Removed.ShouldBeTrue(removed.Reason);
        removed.WorktreeRemoved.ShouldBeTrue();
        removed.BranchDeleted.ShouldBeTrue();
        Directory.Exists(_m.Worktree("M001")).ShouldBeFalse();
        _m.Git("branch", "--list", "milestone/M001").ShouldBeEmpty();
        _m.Git("for-each-ref", "refs/gsd/").ShouldBeEmpty();
        _m.ReadInRoot("src/feature.txt").ShouldBe("feature\n");
    }

    [Fact]
    public async Task A_missing_branch_is_named()
    {
        var proof = await Containment.ProveContainedAsync("milestone/M404", "main", Ct);

        proof.Contained.ShouldBeFalse();
        proof.Reason.ShouldContain("milestone/M404 does not exist");
    }

    [Fact]
    public async Task Right_after_a_landing_the_squash_proves_containment_and_branch_worktree_and_landing_record_go_together()
    {
        _m.StartMilestone("M001");
        var tip = _m.CommitInMilestone("M001", "work", ("src/feature.txt", "feature\n"));
        var (result, landed) = await MergeEngine.MergeAsync(_m.Request("M001"), Ct);
        result.Outcome.ShouldBe(MergeOutcome.Merged, result.Error);
        landed.ShouldNotBeNull();
        landed.Source.ShouldBe(tip);
        landed.Commit.ShouldBe(result.Commit);
        _m.Git("rev-parse", "refs/gsd/landed/M001").ShouldBe(landed.Record);

        var removal = await Containment.SafeRemoveLandedAsync("milestone/M001", "main", landed, Ct);

        removal.Removed.ShouldBeTrue(removal.Reason);
        removal.WorktreeRemoved.ShouldBeTrue();
        removal.BranchDeleted.ShouldBeTrue();
        _m.Git("for-each-ref", "refs/heads/milestone/", "refs/gsd/").ShouldBeEmpty();
        Directory.Exists(_m.Worktree("M001")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_branch_that_moved_after_its_landing_gets_the_full_proof_and_is_kept()
    {
        _m.StartMilestone("M001");
        _m.CommitInMilestone("M001", "work", ("src/feature.txt", "feature\n"));
        var (_, landed) = await MergeEngine.MergeAsync(_m.Request("M001"), Ct);
        var later = _m.CommitInMilestone("M001", "more work", ("src/later.txt", "later\n"));

        var removal = await Containment.SafeRemoveLandedAsync("milestone/M001", "main", landed.ShouldNotBeNull(), Ct);

        removal.Removed.ShouldBeFalse();
        removal.Reason.ShouldContain("src/later.txt");
        _m.Git("rev-parse", "milestone/M001").ShouldBe(later);
        _m.Git("rev-parse", "refs/gsd/landed/M001").ShouldBe(landed.Record);
        Directory.Exists(_m.Worktree("M001")).ShouldBeTrue();
    }
}
