using Gsd.Git;
using Gsd.Layout;
using Gsd.Preferences;
using Gsd.Tests.Support;

namespace Gsd.Tests.Git;

public sealed class WorktreeProvisionerTests : IDisposable
{
    private readonly MilestoneRepo _m = new();

    public void Dispose() => _m.Dispose();

    private string PlanMilestone(string mid) =>
        _m.CommitOnMain($"plan {mid}", ($".gsd/milestones/{mid}/{mid}-CONTEXT.md", $"# {mid}: Test\n"));

    [Fact]
    public async Task A_new_branch_gets_its_META_record_as_its_own_commit_and_a_clean_fresh_checkout()
    {
        var planned = PlanMilestone("M001");
        var provisioner = new WorktreeProvisioner(new ParallelPaths(_m.Root), GsdPreferences.Default);

        var results = new List<(string Id, ProvisionedWorktree? Worktree, Exception? Error)>();
        await foreach (var r in provisioner.EnsureManyAsync(["M001"]))
        {
            results.Add(r);
        }

        var (_, worktree, error) = results.ShouldHaveSingleItem();
        error.ShouldBeNull();
        worktree!.Fresh.ShouldBeTrue();
        worktree.Path.ShouldBe(_m.Worktree("M001"));
        // One commit on top of main, with the record and the milestone trailer; checked out, nothing uncommitted.
        _m.Git("rev-parse", "milestone/M001~1").ShouldBe(planned);
        _m.Git("log", "-1", "--format=%B", "milestone/M001").Trim().ShouldBe("chore(M001): record integration branch main\n\nGSD-Milestone: M001");
        _m.Git("diff", "--name-only", "main", "milestone/M001").ShouldBe(".gsd/milestones/M001/M001-META.json");
        File.ReadAllText(GsdPaths.MetaFile(worktree.Path, "M001")).ShouldContain("\"integrationBranch\": \"main\"");
        _m.GitIn(worktree.Path, "status", "--porcelain").ShouldBeEmpty();

        // Made again for the same branch: reused, already recorded, no second commit.
        _m.Git("worktree", "remove", worktree.Path);
        var again = await provisioner.EnsureAsync("M001");
        again.Fresh.ShouldBeTrue();
        _m.Git("rev-parse", "milestone/M001~1").ShouldBe(planned);
    }

    [Fact]
    public async Task A_milestone_not_committed_on_the_branch_is_refused_with_no_record_made()
    {
        var provisioner = new WorktreeProvisioner(new ParallelPaths(_m.Root), GsdPreferences.Default);

        var ex = await Should.ThrowAsync<GsdException>(() => provisioner.EnsureAsync("M002"));

        ex.Message.ShouldContain("has no .gsd/milestones/M002/");
        _m.Git("rev-parse", "milestone/M002").ShouldBe(_m.Git("rev-parse", "main"));
    }
}
