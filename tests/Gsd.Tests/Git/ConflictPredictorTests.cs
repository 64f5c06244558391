using Gsd.Merge;

namespace Gsd.Tests.Git;

public sealed class ConflictPredictorTests : IDisposable
{
    private readonly MilestoneRepo _m = new();

    private static CancellationToken Ct => MilestoneRepo.Ct;

    public void Dispose() => _m.Dispose();

    [Fact]
    public async Task Predicts_conflicts_against_the_integration_branch_and_between_branches_ignoring_gsd_and_changing_nothing()
    {
        _m.CommitOnMain("shared", ("src/shared.txt", "shared 1\n"), (".gsd/STATE.md", "state\n"));
        _m.StartMilestone("M001");
        _m.StartMilestone("M002");
        _m.CommitInMilestone("M001", "M001 work",
            ("src/app.txt", MilestoneRepo.Replace(MilestoneRepo.App, "line 3", "line 3 by M001")),
            ("src/shared.txt", "shared by M001\n"),
            (".gsd/STATE.md", "state M001\n"));
        _m.CommitInMilestone("M002", "M002 work",
            ("src/app.txt", MilestoneRepo.Replace(MilestoneRepo.App, "line 3", "line 3 by M002")),
            ("src/b.txt", "b\n"),
            (".gsd/STATE.md", "state M002\n"));
        _m.CommitOnMain("main work", ("src/shared.txt", "shared on main\n"), (".gsd/STATE.md", "state main\n"));
        var before = _m.Snapshot();

        var predictions = await new ConflictPredictor(_m.Root).PredictAsync("main", ["milestone/M001", "milestone/M002"], Ct);

        predictions.Count.ShouldBe(3);
        predictions[0].ShouldSatisfyAllConditions(
            p => p.Left.ShouldBe("main"),
            p => p.Right.ShouldBe("milestone/M001"),
            p => p.Files.ShouldBe(["src/shared.txt"]));
        predictions[1].Right.ShouldBe("milestone/M002");
        predictions[1].HasConflict.ShouldBeFalse();
        predictions[2].ShouldSatisfyAllConditions(
            p => p.Left.ShouldBe("milestone/M001"),
            p => p.Right.ShouldBe("milestone/M002"),
            p => p.Files.ShouldBe(["src/app.txt"]));
        _m.Snapshot().ShouldBe(before);
        _m.GitIn(_m.Worktree("M001"), "status", "--porcelain").ShouldBeEmpty();
        _m.GitIn(_m.Worktree("M002"), "status", "--porcelain").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_branch_that_landed_a_slice_is_not_predicted_to_conflict_with_itself()
    {
        _m.StartMilestone("M001");
        var s01 = _m.CommitInMilestone("M001", "S01", ("src/app.txt", MilestoneRepo.Replace(MilestoneRepo.App, "line 2", "line 2 by S01")));
        (await MergeEngine.LandSliceAsync(_m.Request("M001"), s01, Ct)).Outcome.ShouldBe(MergeOutcome.Merged);
        _m.CommitInMilestone("M001", "S02", ("src/app.txt", MilestoneRepo.Replace(MilestoneRepo.App, "line 2", "line 2 by S02")));

        var predictions = await new ConflictPredictor(_m.Root).PredictAsync("main", ["milestone/M001"], Ct);

        predictions.ShouldHaveSingleItem().HasConflict.ShouldBeFalse();
    }

    [Fact]
    public async Task A_missing_branch_is_named()
    {
        var ex = await Should.ThrowAsync<GsdException>(() => new ConflictPredictor(_m.Root).PredictAsync("main", ["milestone/M404"], Ct));

        ex.Message.ShouldContain("milestone/M404 does not exist");
    }
}
