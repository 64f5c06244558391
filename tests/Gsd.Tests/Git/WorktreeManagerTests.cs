using Gsd.Git;
using Gsd.Tests.Support;

namespace Gsd.Tests.Git;

public sealed class WorktreeManagerTests : IDisposable
{
    private readonly MilestoneRepo _m = new();

    private static CancellationToken Ct => MilestoneRepo.Ct;

    public void Dispose() => _m.Dispose();

    private WorktreeManager Manager => new(_m.Root);

    [Fact]
    public async Task Adds_the_milestone_worktree_on_a_new_branch_from_the_integration_branch()
    {
        var result = await Manager.AddMilestoneAsync("M001", "main", Ct);

        result.Action.ShouldBe(WorktreeBranchAction.Created);
        result.Branch.ShouldBe("milestone/M001");
        result.Path.ShouldBe(_m.Worktree("M001"));
        result.Head.ShouldBe(_m.Git("rev-parse", "main"));
        _m.GitIn(_m.Worktree("M001"), "symbolic-ref", "--short", "HEAD").ShouldBe("milestone/M001");
        File.ReadAllText(Path.Combine(_m.Worktree("M001"), "src", "app.txt")).ShouldBe(MilestoneRepo.App);
        _m.Git("status", "--porcelain").ShouldBeEmpty();

        var list = await Manager.ListAsync(Ct);
        list.Count.ShouldBe(2);
        list[0].IsMain.ShouldBeTrue();
        list[0].BranchName.ShouldBe("main");
        list[1].Path.ShouldBe(_m.Worktree("M001"));
        list[1].Branch.ShouldBe("refs/heads/milestone/M001");
    }

    [Fact]
    public async Task Several_worktrees_registered_one_at_a_time_are_checked_out_side_by_side()
    {
        var pending = new List<PendingWorktree>();
        foreach (var mid in new[] { "M001", "M002", "M003", "M004" })
        {
            pending.Add(await Manager.AddWithoutCheckoutAsync(_m.Worktree(mid), $"milestone/{mid}", "main", Ct));
        }

        var results = await Task.WhenAll(pending.Select(p => Manager.CheckOutAsync(p, Ct)));

        results.Select(r => r.Action).ShouldAllBe(a => a == WorktreeBranchAction.Created);
        foreach (var mid in new[] { "M001", "M002", "M003", "M004" })
        {
            File.ReadAllText(Path.Combine(_m.Worktree(mid), "src", "app.txt")).ShouldBe(MilestoneRepo.App);
            _m.GitIn(_m.Worktree(mid), "status", "--porcelain").ShouldBeEmpty();
        }
        (await Manager.ListAsync(Ct)).Count.ShouldBe(5);
    }

    [Fact]
    public async Task A_failed_checkout_leaves_no_worktree_and_no_branch_behind()
    {
        TestAgents.WriteScript(Path.Combine(_m.Root, ".git", "hooks"), "post-checkout", "echo 'checkout refused by hook' >&2\nexit 3");

        var error = await Should.ThrowAsync<GitException>(() => Manager.AddMilestoneAsync("M001", "main", Ct));

        error.Message.ShouldContain("checkout refused by hook");
        Directory.Exists(_m.Worktree("M001")).ShouldBeFalse();
        _m.Git("branch", "--list", "milestone/M001").ShouldBeEmpty();
        (await Manager.ListAsync(Ct)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task An_existing_branch_ahead_of_the_start_point_is_reused_as_is()
    {
        _m.StartMilestone("M001");
        var tip = _m.CommitInMilestone("M001", "work", ("src/feature.txt", "feature\n"));
        _m.Git("worktree", "remove", _m.Worktree("M001"));

        var result = await Manager.AddMilestoneAsync("M001", "main", Ct);

        result.Action.ShouldBe(WorktreeBranchAction.Reused);
        result.Head.ShouldBe(tip);
        _m.Git("rev-parse", "milestone/M001").ShouldBe(tip);
    }

    [Fact]
    public async Task An_existing_branch_strictly_behind_is_fast_forwarded_with_its_checkout()
    {
        _m.Git("branch", "milestone/M001", "main");
        var main = _m.CommitOnMain("main moves on", ("src/new.txt", "new\n"));

        var result = await Manager.AddMilestoneAsync("M001", "main", Ct);

        result.Action.ShouldBe(WorktreeBranchAction.FastForwarded);
        result.Head.ShouldBe(main);
        _m.Git("rev-parse", "milestone/M001").ShouldBe(main);
        File.ReadAllText(Path.Combine(_m.Worktree("M001"), "src", "new.txt")).ShouldBe("new\n");
        _m.GitIn(_m.Worktree("M001"), "status", "--porcelain").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_diverged_branch_is_reused_without_being_rewritten()
    {
        _m.StartMilestone("M001");
        var tip = _m.CommitInMilestone("M001", "work", ("src/feature.txt", "feature\n"));
        _m.Git("worktree", "remove", _m.Worktree("M001"));
        _m.CommitOnMain("main moves on", ("src/new.txt", "new\n"));

        var result = await Manager.AddMilestoneAsync("M001", "main", Ct);

        result.Action.ShouldBe(WorktreeBranchAction.Diverged);
        result.Head.ShouldBe(tip);
        _m.Git("rev-parse", "milestone/M001").ShouldBe(tip);
        File.Exists(Path.Combine(_m.Worktree("M001"), "src", "new.txt")).ShouldBeFalse();
    }

    [Fact]
    public async Task Adding_again_finds_the_worktree_already_present_and_changes_nothing()
    {
        await Manager.AddMilestoneAsync("M001", "main", Ct);
        var tip = _m.CommitInMilestone("M001", "work", ("src/feature.txt", "feature\n"));

        var again = await Manager.AddMilestoneAsync("M001", "main", Ct);

        again.Action.ShouldBe(WorktreeBranchAction.AlreadyPresent);
        again.Head.ShouldBe(tip);
    }

    [Fact]
    public async Task A_worktree_whose_directory_vanished_is_pruned_and_made_again()
    {
        await Manager.AddMilestoneAsync("M001", "main", Ct);
        Directory.Delete(_m.Worktree("M001"), recursive: true);

        var again = await Manager.AddMilestoneAsync("M001", "main", Ct);

        again.Action.ShouldBe(WorktreeBranchAction.Reused);
        File.Exists(Path.Combine(_m.Worktree("M001"), "src", "app.txt")).ShouldBeTrue();
    }

    [Fact]
    public async Task Git_refusing_surfaces_as_a_GitException_with_its_own_words()
    {
        _m.Git("branch", "milestone/M001");
        _m.Git("switch", "-q", "milestone/M001");

        var ex = await Should.ThrowAsync<GitException>(() => Manager.AddMilestoneAsync("M001", "main", Ct));

        ex.Message.ShouldContain("worktree add");
        ex.Message.ShouldContain("already checked out");
        Directory.Exists(_m.Worktree("M001")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_start_point_that_does_not_exist_is_named()
    {
        var ex = await Should.ThrowAsync<GsdException>(() => Manager.AddMilestoneAsync("M001", "trunk", Ct));

        ex.Message.ShouldContain("start point 'trunk'");
    }

    [Fact]
    public async Task Remove_refuses_a_dirty_worktree_naming_the_files_and_removes_a_clean_one()
    {
        await Manager.AddMilestoneAsync("M001", "main", Ct);
        var wt = _m.Worktree("M001");
        File.WriteAllText(Path.Combine(wt, "notes.txt"), "unsaved work\n");

        var ex = await Should.ThrowAsync<GsdException>(() => Manager.RemoveAsync(wt, Ct));

        ex.Message.ShouldContain(wt);
        ex.Message.ShouldContain("notes.txt");
        File.ReadAllText(Path.Combine(wt, "notes.txt")).ShouldBe("unsaved work\n");

        File.Delete(Path.Combine(wt, "notes.txt"));
        File.AppendAllText(Path.Combine(wt, "src", "app.txt"), "tracked edit\n");
        (await Should.ThrowAsync<GsdException>(() => Manager.RemoveAsync(wt, Ct))).Message.ShouldContain("src/app.txt");

        _m.GitIn(wt, "checkout", "--", "src/app.txt");
        await Manager.RemoveAsync(wt, Ct);

        Directory.Exists(wt).ShouldBeFalse();
        (await Manager.ListAsync(Ct)).Count.ShouldBe(1);
        _m.Git("rev-parse", "--verify", "milestone/M001").ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Remove_refuses_the_main_checkout_and_unknown_paths()
    {
        (await Should.ThrowAsync<GsdException>(() => Manager.RemoveAsync(_m.Root, Ct))).Message.ShouldContain("main checkout");
        (await Should.ThrowAsync<GsdException>(() => Manager.RemoveAsync(".gsd/worktrees/M404", Ct))).Message.ShouldContain("M404");
    }

    [Fact]
    public async Task Prune_forgets_worktrees_whose_directory_is_gone()
    {
        await Manager.AddMilestoneAsync("M001", "main", Ct);
        Directory.Delete(_m.Worktree("M001"), recursive: true);
        (await Manager.ListAsync(Ct))[1].IsPrunable.ShouldBeTrue();

        await Manager.PruneAsync(Ct);

        (await Manager.ListAsync(Ct)).Count.ShouldBe(1);
    }
}
