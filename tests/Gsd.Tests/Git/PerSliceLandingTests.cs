using Gsd.Merge;
using Gsd.Tests.Support;

namespace Gsd.Tests.Git;

public sealed class PerSliceLandingTests : IDisposable
{
    private readonly MilestoneRepo _m = new();

    private static CancellationToken Ct => MilestoneRepo.Ct;

    public void Dispose() => _m.Dispose();

    private const string Roadmap0 = "# M001: Slices\n## Slices\n- [ ] **S01: One**\n- [ ] **S02: Two**\n";

    [Fact]
    public async Task Slices_land_as_they_complete_and_the_final_merge_never_conflicts_with_what_already_landed()
    {
        _m.CommitOnMain("plan", (".gsd/milestones/M001/M001-ROADMAP.md", Roadmap0));
        _m.StartMilestone("M001");
        var app = MilestoneRepo.App;

        // S01 completes and lands while the worker goes on.
        app = MilestoneRepo.Replace(app, "line 2", "line 2 by S01");
        var s01 = _m.CommitInMilestone("M001", "S01 done",
            ("src/app.txt", app),
            (".gsd/milestones/M001/slices/S01/S01-SUMMARY.md", "S01 summary\n"),
            (".gsd/milestones/M001/M001-ROADMAP.md", MilestoneRepo.Replace(Roadmap0, "[ ] **S01", "[x] **S01")));
        var landed1 = await MergeEngine.LandSliceAsync(_m.Request("M001") with { CommitMessage = "feat(M001/S01): One\n\nGSD-Milestone: M001" }, s01, Ct);
        landed1.Outcome.ShouldBe(MergeOutcome.Merged, landed1.Error);

        // Another milestone lands meanwhile (other lines of the same file, another file).
        _m.CommitOnMain("feat(M009): other", ("src/app.txt", MilestoneRepo.Replace(_m.ReadInRoot("src/app.txt"), "line 9", "line 9 by M009")), ("src/other.txt", "other\n"));

        // S02 rewrites the line S01 already landed, and more.
        app = MilestoneRepo.Replace(app, "line 2 by S01", "line 2 by S02");
        app = MilestoneRepo.Replace(app, "line 3", "line 3 by S02");
        var s02 = _m.CommitInMilestone("M001", "S02 done",
            ("src/app.txt", app),
            ("src/b.txt", "b\n"),
            (".gsd/milestones/M001/slices/S02/S02-SUMMARY.md", "S02 summary\n"),
            (".gsd/milestones/M001/M001-ROADMAP.md", MilestoneRepo.Replace(MilestoneRepo.Replace(Roadmap0, "[ ] **S01", "[x] **S01"), "[ ] **S02", "[x] **S02")));
        // The work in progress after S02 must not land with S02.
        _m.CommitInMilestone("M001", "wip after S02", ("src/later.txt", "later\n"));
        // Git on its own would see the milestone conflict with itself here.
        ProcessRunner.Run("git", ["merge-tree", "--write-tree", "--name-only", "main", s02], _m.Root).ExitCode.ShouldBe(1);

        var landed2 = await MergeEngine.LandSliceAsync(_m.Request("M001") with { CommitMessage = "feat(M001/S02): Two\n\nGSD-Milestone: M001" }, s02, Ct);

        landed2.Outcome.ShouldBe(MergeOutcome.Merged, landed2.Error);
        _m.ReadInRoot("src/app.txt").ShouldContain("line 2 by S02");
        _m.ReadInRoot("src/app.txt").ShouldContain("line 9 by M009");
        File.Exists(Path.Combine(_m.Root, "src", "later.txt")).ShouldBeFalse();

        // The milestone finishes; the final merge brings only what came after S02.
        app = MilestoneRepo.Replace(app, "line 2 by S02", "line 2 final");
        _m.CommitInMilestone("M001", "complete", ("src/app.txt", app), (".gsd/milestones/M001/M001-SUMMARY.md", "complete\n"));

        var final = await MergeEngine.SquashMergeAsync(_m.Request("M001"), Ct);

        final.Outcome.ShouldBe(MergeOutcome.Merged, final.Error);
        var merged = _m.ReadInRoot("src/app.txt");
        merged.ShouldBe(MilestoneRepo.App
            .Replace("line 2", "line 2 final", StringComparison.Ordinal)
            .Replace("line 3", "line 3 by S02", StringComparison.Ordinal)
            .Replace("line 9", "line 9 by M009", StringComparison.Ordinal));
        foreach (var file in new[] { "src/b.txt", "src/later.txt", "src/other.txt", ".gsd/milestones/M001/M001-SUMMARY.md",
                     ".gsd/milestones/M001/slices/S01/S01-SUMMARY.md", ".gsd/milestones/M001/slices/S02/S02-SUMMARY.md" })
        {
            File.Exists(Path.Combine(_m.Root, file)).ShouldBeTrue(file);
        }
        _m.ReadInRoot(".gsd/milestones/M001/M001-ROADMAP.md").ShouldContain("[x] **S02");
        _m.Git("log", "--format=%s", "-4", "main").ShouldBe("feat(M001): Title of M001\nfeat(M001/S02): Two\nfeat(M009): other\nfeat(M001/S01): One");
        _m.Git("rev-list", "--min-parents=2", "main").ShouldBeEmpty();
        (await new Containment(_m.Root).ProveContainedAsync("milestone/M001", "main", Ct)).Contained.ShouldBeTrue();
        (await MergeEngine.SquashMergeAsync(_m.Request("M001"), Ct)).Outcome.ShouldBe(MergeOutcome.Skipped);
    }

    [Fact]
    public async Task A_branch_that_merged_the_integration_branch_back_after_a_landing_still_merges_cleanly()
    {
        _m.StartMilestone("M001");
        var s01 = _m.CommitInMilestone("M001", "S01", ("src/app.txt", MilestoneRepo.Replace(MilestoneRepo.App, "line 2", "line 2 by S01")));
        (await MergeEngine.LandSliceAsync(_m.Request("M001"), s01, Ct)).Outcome.ShouldBe(MergeOutcome.Merged);
        _m.CommitOnMain("other", ("src/other.txt", "other\n"));
        _m.GitIn(_m.Worktree("M001"), "merge", "-q", "--no-edit", "main");
        _m.CommitInMilestone("M001", "S02", ("src/app.txt", MilestoneRepo.Replace(MilestoneRepo.App, "line 2", "line 2 by S02")));

        var final = await MergeEngine.SquashMergeAsync(_m.Request("M001"), Ct);

        final.Outcome.ShouldBe(MergeOutcome.Merged, final.Error);
        _m.ReadInRoot("src/app.txt").ShouldContain("line 2 by S02");
        _m.ReadInRoot("src/other.txt").ShouldBe("other\n");
    }

    [Fact]
    public async Task A_landing_record_whose_squash_never_reached_main_is_skipped_for_the_one_before_it()
    {
        _m.StartMilestone("M001");
        var s01 = _m.CommitInMilestone("M001", "S01", ("src/app.txt", MilestoneRepo.Replace(MilestoneRepo.App, "line 2", "line 2 by S01")));
        (await MergeEngine.LandSliceAsync(_m.Request("M001"), s01, Ct)).Outcome.ShouldBe(MergeOutcome.Merged);
        var record = _m.Git("rev-parse", "refs/gsd/landed/M001");
        var s02 = _m.CommitInMilestone("M001", "S02", ("src/app.txt", MilestoneRepo.Replace(MilestoneRepo.App, "line 2", "line 2 by S02")));

        // A landing that fails restores the record as it was.
        var failed = await MergeEngine.LandSliceAsync(_m.Request("M001") with { PreMergeCheck = "false" }, s02, Ct);
        failed.Outcome.ShouldBe(MergeOutcome.Failed);
        _m.Git("rev-parse", "refs/gsd/landed/M001").ShouldBe(record);

        // A crash between writing the record and moving main leaves a record whose squash is not on main.
        var orphanSquash = _m.Git("commit-tree", _m.Git("rev-parse", "main^{tree}"), "-p", "main", "-m", "never landed");
        var stale = _m.Git("commit-tree", _m.Git("rev-parse", s02 + "^{tree}"), "-p", s02, "-p", orphanSquash, "-p", record, "-m", "stale");
        _m.Git("update-ref", "refs/gsd/landed/M001", stale);

        var final = await MergeEngine.SquashMergeAsync(_m.Request("M001"), Ct);

        final.Outcome.ShouldBe(MergeOutcome.Merged, final.Error);
        _m.ReadInRoot("src/app.txt").ShouldContain("line 2 by S02");
    }
}
