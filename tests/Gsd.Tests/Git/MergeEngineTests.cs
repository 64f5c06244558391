using Gsd.Merge;
using Gsd.Tests.Support;

namespace Gsd.Tests.Git;

public sealed class MergeEngineTests : IDisposable
{
    private readonly MilestoneRepo _m = new();

    private static CancellationToken Ct => MilestoneRepo.Ct;

    public void Dispose() => _m.Dispose();

    [Fact]
    public async Task Clean_merge_lands_one_single_parent_commit_with_the_message_and_updates_the_checkout()
    {
        _m.StartMilestone("M001");
        var branchTip = _m.CommitInMilestone("M001", "feat(M001/S01/T01): feature",
            ("src/feature.txt", "feature\n"), ("src/app.txt", MilestoneRepo.Replace(MilestoneRepo.App, "line 2", "line two")));
        var oldMain = _m.Git("rev-parse", "main");

        var result = await MergeEngine.SquashMergeAsync(_m.Request("M001"), Ct);

        result.Outcome.ShouldBe(MergeOutcome.Merged, result.Error);
        result.ConflictFiles.ShouldBeEmpty();
        result.Commit.ShouldNotBeNull();
        _m.Git("rev-parse", "main").ShouldBe(result.Commit);
        _m.Git("rev-list", "--parents", "-n", "1", "main").ShouldBe($"{result.Commit} {oldMain}");
        _m.Git("log", "-1", "--format=%B", "main").ShouldBe("feat(M001): Title of M001\n\n- S01: First slice\n  - T01: First task\n\nGSD-Milestone: M001");
        _m.Git("log", "-1", "--format=%an <%ae>", "main").ShouldBe("gsd tests <tests@gsd.invalid>");
        _m.ReadInRoot("src/feature.txt").ShouldBe("feature\n");
        _m.ReadInRoot("src/app.txt").ShouldContain("line two");
        _m.Git("status", "--porcelain").ShouldBeEmpty();
        _m.Git("rev-parse", "milestone/M001").ShouldBe(branchTip);
        File.Exists(Path.Combine(_m.Worktree("M001"), "src", "feature.txt")).ShouldBeTrue();
    }

    [Fact]
    public async Task The_checkout_fast_forward_writes_only_the_changed_paths_and_keeps_unrelated_local_changes()
    {
        _m.CommitOnMain("more files", ("src/old.txt", "old\n"), ("src/keep.txt", "keep\n"), ("src/deep/gone.txt", "gone\n"));
        _m.StartMilestone("M001");
        _m.CommitInMilestone("M001", "feat(M001/S01/T01): feature",
            ("src/feature/new.txt", "new\n"), ("src/old.txt", "changed\n"), ("src/deep/gone.txt", null));
        // Local work the merge does not touch: an edit, a staged file, an untracked file.
        File.WriteAllText(Path.Combine(_m.Root, "src", "keep.txt"), "edited locally\n");
        File.WriteAllText(Path.Combine(_m.Root, "src", "staged.txt"), "staged\n");
        _m.Git("add", "src/staged.txt");
        File.WriteAllText(Path.Combine(_m.Root, "notes.txt"), "mine\n");
        var before = _m.Git("status", "--porcelain");

        var result = await MergeEngine.SquashMergeAsync(_m.Request("M001"), Ct);

        result.Outcome.ShouldBe(MergeOutcome.Merged, result.Error);
        _m.Git("rev-parse", "main").ShouldBe(result.Commit);
        _m.ReadInRoot("src/feature/new.txt").ShouldBe("new\n");
        _m.ReadInRoot("src/old.txt").ShouldBe("changed\n");
        File.Exists(Path.Combine(_m.Root, "src", "deep", "gone.txt")).ShouldBeFalse();
        _m.ReadInRoot("src/keep.txt").ShouldBe("edited locally\n");
        _m.Git("status", "--porcelain").ShouldBe(before);
        _m.Git("diff", "--cached", "--name-only").ShouldBe("src/staged.txt");
        _m.Git("log", "-1", "--format=%gs", "-g", "main").ShouldContain("M001");
    }

    [Fact]
    public async Task Gsd_only_conflicts_resolve_own_milestone_from_branch_and_everything_else_from_integration()
    {
        _m.CommitOnMain("planning",
            (".gsd/STATE.md", "state 0\n"),
            (".gsd/OLD-NOTES.md", "notes 0\n"),
            (".gsd/milestones/M001/M001-ROADMAP.md", "# M001\n- [ ] **S01: One**\n"),
            (".gsd/milestones/M001/old.md", "old 0\n"),
            (".gsd/milestones/M002/M002-ROADMAP.md", "# M002 v0\n"));
        _m.StartMilestone("M001");
        _m.CommitInMilestone("M001", "work",
            ("src/feature.txt", "feature\n"),
            (".gsd/STATE.md", "state from M001\n"),
            (".gsd/OLD-NOTES.md", "notes edited by M001\n"),
            (".gsd/milestones/M001/M001-ROADMAP.md", "# M001\n- [x] **S01: One**\n"),
            (".gsd/milestones/M001/M001-SUMMARY.md", "done\n"),
            (".gsd/milestones/M001/old.md", null),
            (".gsd/milestones/M002/M002-ROADMAP.md", "# M002 as M001 saw it\n"));
        _m.CommitOnMain("meanwhile on main",
            (".gsd/STATE.md", "state on main\n"),
            (".gsd/OLD-NOTES.md", null),
            (".gsd/milestones/M001/M001-ROADMAP.md", "# M001 (edited on main)\n- [ ] **S01: One**\n"),
            (".gsd/milestones/M001/old.md", "old edited on main\n"),
            (".gsd/milestones/M002/M002-ROADMAP.md", "# M002 on main\n"));
        // Without the .gsd rules these are real conflicts.
        ProcessRunner.Run("git", ["merge-tree", "--write-tree", "main", "milestone/M001"], _m.Root).ExitCode.ShouldBe(1);

        var result = await MergeEngine.SquashMergeAsync(_m.Request("M001"), Ct);

        result.Outcome.ShouldBe(MergeOutcome.Merged, result.Error);
        _m.Git("show", "main:.gsd/milestones/M001/M001-ROADMAP.md").ShouldBe("# M001\n- [x] **S01: One**");
        _m.Git("show", "main:.gsd/milestones/M001/M001-SUMMARY.md").ShouldBe("done");
        _m.Git("ls-tree", "--name-only", "main", ".gsd/milestones/M001/").ShouldNotContain("old.md");
        _m.Git("show", "main:.gsd/STATE.md").ShouldBe("state on main");
        _m.Git("show", "main:.gsd/milestones/M002/M002-ROADMAP.md").ShouldBe("# M002 on main");
        _m.Git("ls-tree", "--name-only", "main", ".gsd/").ShouldNotContain("OLD-NOTES");
        _m.Git("show", "main:src/feature.txt").ShouldBe("feature");
        _m.ReadInRoot(".gsd/milestones/M001/M001-ROADMAP.md").ShouldContain("[x]");
        _m.Git("status", "--porcelain").ShouldBeEmpty();
    }

    [Fact]
    public async Task Code_conflict_changes_nothing_at_all_and_the_merge_succeeds_after_resolving_in_the_worktree()
    {
        _m.StartMilestone("M001");
        _m.CommitInMilestone("M001", "work",
            ("src/app.txt", MilestoneRepo.Replace(MilestoneRepo.App, "line 5", "line five (M001)")),
            ("src/feature.txt", "feature\n"),
            (".gsd/milestones/M001/M001-SUMMARY.md", "done\n"));
        _m.CommitOnMain("main edits the same line", ("src/app.txt", MilestoneRepo.Replace(MilestoneRepo.App, "line 5", "line 5 (main)")));
        // The user's checkout has work in progress of every kind.
        _m.Repo.Write("README.md", "# edited, not staged\n");
        _m.Repo.Write("staged.txt", "staged\n");
        _m.Git("add", "staged.txt");
        _m.Repo.Write("scratch.txt", "untracked\n");
        var before = _m.Snapshot();

        var result = await MergeEngine.SquashMergeAsync(_m.Request("M001"), Ct);

        result.Outcome.ShouldBe(MergeOutcome.Conflict);
        result.ConflictFiles.ShouldBe(["src/app.txt"]);
        result.Commit.ShouldBeNull();
        result.Error.ShouldNotBeNull().ShouldContain("src/app.txt");
        result.ResolveHint.ShouldNotBeNull().ShouldContain("cd .gsd/worktrees/M001 && git merge main");
        result.ResolveHint.ShouldContain("gsd parallel merge M001");
        _m.Snapshot().ShouldBe(before);
        File.Exists(Path.Combine(_m.Root, ".git", "MERGE_HEAD")).ShouldBeFalse();
        _m.ReadInRoot("src/app.txt").ShouldNotContain("<<<<<<<");

        // Resolve exactly as the hint says.
        var worktree = _m.Worktree("M001");
        ProcessRunner.Run("git", ["merge", "main"], worktree).ExitCode.ShouldBe(1);
        File.WriteAllText(Path.Combine(worktree, "src", "app.txt"), MilestoneRepo.Replace(MilestoneRepo.App, "line 5", "line 5 (both)"));
        _m.GitIn(worktree, "add", "-A");
        _m.GitIn(worktree, "commit", "-q", "--no-edit");

        var retry = await MergeEngine.SquashMergeAsync(_m.Request("M001"), Ct);

        retry.Outcome.ShouldBe(MergeOutcome.Merged, retry.Error);
        _m.ReadInRoot("src/app.txt").ShouldContain("line 5 (both)");
        _m.ReadInRoot("src/feature.txt").ShouldBe("feature\n");
        _m.ReadInRoot("README.md").ShouldBe("# edited, not staged\n");
        _m.ReadInRoot("scratch.txt").ShouldBe("untracked\n");
        _m.Git("diff", "--cached", "--name-only").ShouldBe("staged.txt");
        _m.Git("rev-list", "--parents", "-n", "1", "main").Split(' ').Length.ShouldBe(2);
    }

    [Fact]
    public async Task Uncommitted_changes_to_files_the_merge_touches_are_refused_with_nothing_changed()
    {
        _m.StartMilestone("M001");
        _m.CommitInMilestone("M001", "work", ("src/app.txt", MilestoneRepo.Replace(MilestoneRepo.App, "line 3", "line three")));
        _m.Repo.Write("src/app.txt", MilestoneRepo.App + "my local edit\n");
        var before = _m.Snapshot();

        var result = await MergeEngine.SquashMergeAsync(_m.Request("M001"), Ct);

        result.Outcome.ShouldBe(MergeOutcome.Failed);
        result.Error.ShouldNotBeNull();
        result.Error.ShouldContain("uncommitted changes");
        result.Error.ShouldContain("src/app.txt");
        result.Error.ShouldContain("gsd parallel merge M001");
        _m.Snapshot().ShouldBe(before);
        _m.Git("for-each-ref", "refs/gsd/").ShouldBeEmpty();
    }

    [Fact]
    public async Task Staged_changes_to_touched_files_are_refused_too()
    {
        _m.StartMilestone("M001");
        _m.CommitInMilestone("M001", "work", ("src/new.txt", "from M001\n"));
        _m.Repo.Write("src/new.txt", "mine\n");
        _m.Git("add", "src/new.txt");
        var before = _m.Snapshot();

        var result = await MergeEngine.SquashMergeAsync(_m.Request("M001"), Ct);

        result.Outcome.ShouldBe(MergeOutcome.Failed);
        result.Error.ShouldNotBeNull().ShouldContain("src/new.txt");
        _m.Snapshot().ShouldBe(before);
    }

    [Fact]
    public async Task Uncommitted_changes_elsewhere_do_not_block_and_survive_the_merge()
    {
        _m.StartMilestone("M001");
        _m.CommitInMilestone("M001", "work", ("src/app.txt", MilestoneRepo.Replace(MilestoneRepo.App, "line 3", "line three")));
        _m.Repo.Write("README.md", "# my local edit\n");

        var result = await MergeEngine.SquashMergeAsync(_m.Request("M001"), Ct);

        result.Outcome.ShouldBe(MergeOutcome.Merged, result.Error);
        _m.ReadInRoot("README.md").ShouldBe("# my local edit\n");
        _m.ReadInRoot("src/app.txt").ShouldContain("line three");
        _m.Git("status", "--porcelain").ShouldBe(" M README.md");
    }

    [Fact]
    public async Task A_stale_expected_integration_tip_fails_with_nothing_changed()
    {
        _m.StartMilestone("M001");
        _m.CommitInMilestone("M001", "work", ("src/feature.txt", "feature\n"));
        var seen = _m.Git("rev-parse", "main");
        var moved = _m.CommitOnMain("someone else landed first", ("other.txt", "other\n"));
        var before = _m.Snapshot();

        var result = await MergeEngine.SquashMergeAsync(_m.Request("M001") with { ExpectedIntegrationTip = seen }, Ct);

        result.Outcome.ShouldBe(MergeOutcome.Failed);
        result.Error.ShouldNotBeNull().ShouldContain("main moved");
        result.Error.ShouldContain(seen[..12]);
        _m.Snapshot().ShouldBe(before);
        _m.Git("rev-parse", "main").ShouldBe(moved);
    }

    [Fact]
    public async Task Integration_branch_moving_during_the_merge_fails_and_loses_nothing()
    {
        _m.StartMilestone("M001");
        var branchTip = _m.CommitInMilestone("M001", "work", ("src/feature.txt", "feature\n"));
        // The pre-merge check runs between computing the merge and landing it: commit to main right then.
        var sneak = $"git -C '{_m.Root}' commit -q --allow-empty -m 'landed meanwhile'";

        var result = await MergeEngine.SquashMergeAsync(_m.Request("M001") with { PreMergeCheck = sneak }, Ct);

        result.Outcome.ShouldBe(MergeOutcome.Failed);
        result.Error.ShouldNotBeNull().ShouldContain("main moved");
        _m.Git("log", "-1", "--format=%s", "main").ShouldBe("landed meanwhile");
        _m.Git("rev-parse", "milestone/M001").ShouldBe(branchTip);
        _m.Git("for-each-ref", "refs/gsd/").ShouldBeEmpty();
        File.Exists(Path.Combine(_m.Root, "src", "feature.txt")).ShouldBeFalse();

        var retry = await MergeEngine.SquashMergeAsync(_m.Request("M001"), Ct);
        retry.Outcome.ShouldBe(MergeOutcome.Merged, retry.Error);
        _m.Git("log", "-2", "--format=%s", "main").ShouldBe("feat(M001): Title of M001\nlanded meanwhile");
    }

    [Fact]
    public async Task Failing_pre_merge_check_reports_the_tail_of_its_output_and_leaves_main_untouched()
    {
        _m.StartMilestone("M001");
        _m.CommitInMilestone("M001", "work", ("src/feature.txt", "feature\n"));
        var before = _m.Snapshot();
        const string check = "for i in $(seq 1 100); do echo \"out $i.\"; done; echo 'tests failed' >&2; exit 3";

        var result = await MergeEngine.SquashMergeAsync(_m.Request("M001") with { PreMergeCheck = check }, Ct);

        result.Outcome.ShouldBe(MergeOutcome.Failed);
        result.Error.ShouldNotBeNull();
        result.Error.ShouldContain("Pre-merge check failed (exit 3)");
        result.Error.ShouldContain("out 100.");
        result.Error.ShouldContain("tests failed");
        result.Error.ShouldNotContain("out 1.");
        result.Error.ShouldContain("main was not changed");
        _m.Snapshot().ShouldBe(before);
        _m.Git("worktree", "list").Split('\n').Length.ShouldBe(2);
    }

    [Fact]
    public async Task Passing_pre_merge_check_runs_on_the_merged_result_then_lands()
    {
        _m.CommitOnMain("main work", ("src/main-only.txt", "main\n"));
        _m.StartMilestone("M001", from: "main~1");
        _m.CommitInMilestone("M001", "work", ("src/feature.txt", "feature\n"));
        var marker = Path.Combine(_m.Repo.Root, "..", $"check-ran-{Guid.NewGuid():N}");

        var result = await MergeEngine.SquashMergeAsync(
            _m.Request("M001") with { PreMergeCheck = $"test -f src/feature.txt && test -f src/main-only.txt && pwd > '{marker}'" }, Ct);

        result.Outcome.ShouldBe(MergeOutcome.Merged, result.Error);
        var ranIn = File.ReadAllText(marker).Trim();
        File.Delete(marker);
        ranIn.ShouldNotBe(_m.Root);
        Directory.Exists(ranIn).ShouldBeFalse();
        _m.Git("worktree", "list").Split('\n').Length.ShouldBe(2);
    }

    [Fact]
    public async Task Integration_branch_not_checked_out_is_moved_by_compare_and_swap_without_touching_the_checkout()
    {
        _m.Git("switch", "-q", "-c", "elsewhere");
        _m.StartMilestone("M001", from: "main");
        _m.CommitInMilestone("M001", "work", ("src/feature.txt", "feature\n"));

        var result = await MergeEngine.SquashMergeAsync(_m.Request("M001"), Ct);

        result.Outcome.ShouldBe(MergeOutcome.Merged, result.Error);
        _m.Git("show", "main:src/feature.txt").ShouldBe("feature");
        _m.Git("symbolic-ref", "--short", "HEAD").ShouldBe("elsewhere");
        File.Exists(Path.Combine(_m.Root, "src", "feature.txt")).ShouldBeFalse();
        _m.Git("status", "--porcelain").ShouldBeEmpty();
    }

    [Fact]
    public async Task An_integration_branch_being_rebased_is_not_moved()
    {
        _m.StartMilestone("M001");
        _m.CommitInMilestone("M001", "work", ("src/feature.txt", "feature\n"));
        _m.Git("branch", "side", "main~1");
        _m.CommitOnMain("main work", ("src/app.txt", MilestoneRepo.Replace(MilestoneRepo.App, "line 1", "line 1 main")));
        _m.CommitIn(_m.Root, "more main work", ("src/app.txt", MilestoneRepo.Replace(MilestoneRepo.App, "line 1", "line 1 main again")));
        _m.Git("switch", "-q", "side");
        _m.CommitOnMain("side work", ("src/app.txt", MilestoneRepo.Replace(MilestoneRepo.App, "line 1", "line 1 side")));
        _m.Git("switch", "-q", "main");
        ProcessRunner.Run("git", ["rebase", "side"], _m.Root).ExitCode.ShouldNotBe(0);
        var before = _m.Snapshot();

        var result = await MergeEngine.SquashMergeAsync(_m.Request("M001"), Ct);

        result.Outcome.ShouldBe(MergeOutcome.Failed);
        result.Error.ShouldNotBeNull().ShouldContain("main is being rebased");
        _m.Snapshot().ShouldBe(before);
    }

    [Fact]
    public async Task Merging_again_with_nothing_new_is_skipped()
    {
        _m.StartMilestone("M001");
        _m.CommitInMilestone("M001", "work", ("src/feature.txt", "feature\n"));
        (await MergeEngine.SquashMergeAsync(_m.Request("M001"), Ct)).Outcome.ShouldBe(MergeOutcome.Merged);
        var main = _m.Git("rev-parse", "main");

        var again = await MergeEngine.SquashMergeAsync(_m.Request("M001"), Ct);

        again.Outcome.ShouldBe(MergeOutcome.Skipped);
        again.Error.ShouldNotBeNull().ShouldContain("Nothing to merge");
        _m.Git("rev-parse", "main").ShouldBe(main);
    }

    [Fact]
    public async Task Missing_branches_fail_naming_the_branch()
    {
        var noBranch = await MergeEngine.SquashMergeAsync(_m.Request("M007"), Ct);
        noBranch.Outcome.ShouldBe(MergeOutcome.Failed);
        noBranch.Error.ShouldNotBeNull().ShouldContain("milestone/M007 does not exist");

        _m.StartMilestone("M001");
        var noIntegration = await MergeEngine.SquashMergeAsync(_m.Request("M001") with { IntegrationBranch = "trunk" }, Ct);
        noIntegration.Outcome.ShouldBe(MergeOutcome.Failed);
        noIntegration.Error.ShouldNotBeNull().ShouldContain("Integration branch trunk does not exist");
    }

    [Fact]
    public async Task Bad_requests_are_rejected_naming_the_value()
    {
        var badId = await Should.ThrowAsync<ArgumentException>(() => MergeEngine.SquashMergeAsync(_m.Request("M001") with { MilestoneId = "../x" }, Ct));
        badId.Message.ShouldContain("'../x' is not a milestone id");
        var badBranch = await Should.ThrowAsync<ArgumentException>(() => MergeEngine.SquashMergeAsync(_m.Request("M001") with { Branch = "--force" }, Ct));
        badBranch.Message.ShouldContain("'--force'");
        var noMessage = await Should.ThrowAsync<ArgumentException>(() => MergeEngine.SquashMergeAsync(_m.Request("M001") with { CommitMessage = " " }, Ct));
        noMessage.Message.ShouldContain("commit message for M001 is empty");
    }

    [Fact]
    public async Task A_source_commit_that_is_not_on_the_branch_is_refused()
    {
        _m.StartMilestone("M001");
        var onMain = _m.CommitOnMain("main only", ("x.txt", "x\n"));

        var result = await MergeEngine.LandSliceAsync(_m.Request("M001"), onMain, Ct);

        result.Outcome.ShouldBe(MergeOutcome.Failed);
        result.Error.ShouldNotBeNull().ShouldContain($"{onMain} is not on branch milestone/M001");
    }
}
