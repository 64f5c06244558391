using Gsd.Protocol;

namespace Gsd.Tests.Merge;

/// <summary>Never lose anything: a merge that would touch the user's uncommitted work, or whose integration branch moves, changes nothing.</summary>
public sealed class RefusalTests
{
    private const string EditedApp = "line 1\nline 2 by the milestone\nline 3\n";

    /// <summary>A milestone whose worker ran and whose branch then changed src/app.txt to <see cref="EditedApp"/>.</summary>
    private static string MilestoneEditingTheApp(MergeProject p)
    {
        var m1 = p.NewMilestone("Edits the app");
        p.RunWorkers();
        File.WriteAllText(Path.Combine(p.Worktree(m1), "src/app.txt"), EditedApp);
        MergeProject.GitIn(p.Worktree(m1), "commit", "-qam", "change the app");
        return m1;
    }

    [Fact]
    public void Uncommitted_changes_to_a_file_the_merge_touches_are_refused_with_nothing_changed_and_others_do_not_stop_it()
    {
        using var p = new MergeProject();
        var m1 = MilestoneEditingTheApp(p);
        File.WriteAllText(Path.Combine(p.Root, "src/app.txt"), "line 1\nline 2\nline 3\nmy uncommitted line\n");
        var snapshot = p.Snapshot();

        var (result, items) = p.MergeJson();

        result.ExitCode.ShouldBe(1, result.ToString());
        var item = items.ShouldHaveSingleItem();
        item.Outcome.ShouldBe("failed");
        item.Error!.ShouldContain("uncommitted changes");
        item.Error!.ShouldContain("src/app.txt");
        item.Error!.ShouldContain("Nothing was changed");
        MergeProject.ShouldBeUnchanged(p.Snapshot(), snapshot);
        p.Read("src/app.txt").ShouldEndWith("my uncommitted line\n");
        p.BranchExists(m1).ShouldBeTrue();
        Directory.Exists(p.Worktree(m1)).ShouldBeTrue();
        new MergeLedger(p.Paths).Find(m1)!.Outcome.ShouldBe(MergeRecordOutcome.Failed);

        // Uncommitted work elsewhere does not block the merge, and survives it.
        MergeProject.GitIn(p.Root, "checkout", "--", "src/app.txt");
        File.AppendAllText(Path.Combine(p.Root, "README.md"), "my uncommitted notes\n");

        var retry = p.MergeJson();

        retry.Result.ExitCode.ShouldBe(0, retry.Result.ToString());
        retry.Items.ShouldHaveSingleItem().Outcome.ShouldBe("merged");
        p.Read("src/app.txt").ShouldBe(EditedApp);
        p.Read("README.md").ShouldEndWith("my uncommitted notes\n");
        p.Git("status", "--porcelain").ShouldBe(" M README.md");
    }

    [Fact]
    public void A_landing_killed_after_writing_the_checkout_is_finished_by_the_next_merge_and_a_different_edit_still_refuses()
    {
        using var p = new MergeProject();
        var m1 = MilestoneEditingTheApp(p);
        // What a merge killed between writing the checkout's files and moving main leaves: main unchanged, the merged
        // result (main has not moved, so the branch's own files) staged and on disk for every path the merge writes.
        var paths = p.Git("diff", "--name-only", "main", $"milestone/{m1}").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        p.Git(["restore", $"--source=milestone/{m1}", "--staged", "--worktree", "--", .. paths]);
        var main = p.Git("rev-parse", "main");

        // A different edit on top of one of them is the user's: refused, kept.
        File.AppendAllText(Path.Combine(p.Root, "src/app.txt"), "my own line\n");
        var (refused, refusedItems) = p.MergeJson();
        refused.ExitCode.ShouldBe(1, refused.ToString());
        refusedItems.ShouldHaveSingleItem().Error!.ShouldContain("src/app.txt");
        p.Read("src/app.txt").ShouldEndWith("my own line\n");
        p.Git("rev-parse", "main").ShouldBe(main);

        // Without it, the checkout holds exactly what the merge writes: the merge finishes the landing.
        File.WriteAllText(Path.Combine(p.Root, "src/app.txt"), EditedApp);
        var (result, items) = p.MergeJson();
        result.ExitCode.ShouldBe(0, result.ToString());
        items.ShouldHaveSingleItem().Outcome.ShouldBe("merged");
        p.Git("rev-parse", "main").ShouldNotBe(main);
        p.Git("status", "--porcelain").ShouldBeEmpty();
        p.Git("show", "main:src/app.txt").ShouldBe("line 1\nline 2 by the milestone\nline 3");
        p.BranchExists(m1).ShouldBeFalse(); // proven contained and removed, as after any merge
    }

    [Fact]
    public void An_untracked_file_where_the_merge_would_write_is_refused_naming_it_with_nothing_changed_not_even_ORIG_HEAD()
    {
        using var p = new MergeProject();
        var m1 = p.NewMilestone("Adds a file");
        p.RunWorkers();
        var path = $"sim/{m1.ToLowerInvariant()}/s01-t01.txt";
        p.Repo.Write(path, "my own untracked file\n");
        var snapshot = p.Snapshot();

        var (result, items) = p.MergeJson();

        result.ExitCode.ShouldBe(1, result.ToString());
        var item = items.ShouldHaveSingleItem();
        item.Outcome.ShouldBe("failed");
        item.Error!.ShouldContain("untracked file(s) the merge would overwrite");
        item.Error!.ShouldContain(path);
        item.Error!.ShouldContain("Nothing was changed");
        MergeProject.ShouldBeUnchanged(p.Snapshot(), snapshot);
        p.Read(path).ShouldBe("my own untracked file\n");
        p.Git("for-each-ref", "refs/gsd/").ShouldBeEmpty();
        p.BranchExists(m1).ShouldBeTrue();
    }

    [Fact]
    public void When_the_integration_branch_moves_during_the_merge_nothing_lands_and_a_retry_merges_on_top_of_it()
    {
        using var p = new MergeProject();
        // The pre-merge check runs while the merge is under way: the first time, it commits to main behind gsd's back.
        var marker = Path.Combine(p.Scratch, "moved");
        p.WritePreferences("manual", $"if [ ! -e '{marker}' ]; then touch '{marker}'; git -C '{p.Root}' commit -q --allow-empty -m 'moved by someone else'; fi");
        p.Repo.Commit("pre-merge check that moves main once");
        var m1 = p.NewMilestone("Raced");
        p.RunWorkers();
        var before = p.Git("rev-parse", "main");

        var (result, items) = p.MergeJson();

        result.ExitCode.ShouldBe(1, result.ToString());
        var item = items.ShouldHaveSingleItem();
        item.Outcome.ShouldBe("failed");
        item.Error!.ShouldContain("moved during the merge");
        item.Error!.ShouldContain("nothing was changed");
        p.Git("log", "-1", "--format=%s", "main").ShouldBe("moved by someone else");
        p.Git("rev-parse", "main~1").ShouldBe(before);
        p.Git("for-each-ref", "refs/gsd/").ShouldBeEmpty();
        p.BranchExists(m1).ShouldBeTrue();
        Directory.Exists(p.Worktree(m1)).ShouldBeTrue();
        p.Git("status", "--porcelain").ShouldBeEmpty();
        p.MergeLeftovers().ShouldBeEmpty();

        var retry = p.MergeJson();

        retry.Result.ExitCode.ShouldBe(0, retry.Result.ToString());
        retry.Items.ShouldHaveSingleItem().Outcome.ShouldBe("merged");
        p.Git("log", "-2", "--format=%s", "main").ShouldBe("feat(M001): Raced\nmoved by someone else");
        p.QueueStatuses()[m1].ShouldBe("complete");
        p.BranchExists(m1).ShouldBeFalse();
    }
}
