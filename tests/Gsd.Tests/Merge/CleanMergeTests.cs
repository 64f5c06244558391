using Gsd.Planning;
using Gsd.Protocol;

namespace Gsd.Tests.Merge;

/// <summary>`gsd parallel merge` of milestones that merge cleanly: one squash commit each, metrics carried, branch and worktree gone.</summary>
public sealed class CleanMergeTests
{
    [Fact]
    public void Completed_milestones_land_as_one_squash_commit_each_in_id_order_and_their_branches_and_worktrees_go()
    {
        using var p = new MergeProject();
        var m1 = p.NewMilestone("Login page");
        var m2 = p.NewMilestone("Billing export");
        p.RunWorkers();
        var before = p.Git("rev-parse", "main");
        var workerUnits = new[] { m1, m2 }.ToDictionary(m => m, m => p.WorkerMetrics(m).Units.Count);
        workerUnits.Values.ShouldAllBe(n => n > 0);
        p.QueueStatuses()[m1].ShouldNotBe("complete");

        var (result, items) = p.MergeJson();

        result.ExitCode.ShouldBe(0, result.ToString());
        items.Select(i => (i.MilestoneId, i.Outcome)).ShouldBe([(m1, "merged"), (m2, "merged")], result.ToString());
        items.ShouldAllBe(i => i.ConflictFiles.Count == 0 && i.Error == null && i.ResolveHint == null);
        var commits = p.CommitsSince(before);
        commits.Count.ShouldBe(2, string.Join('\n', commits));
        commits.Select(c => c.Id).ShouldBe(items.Select(i => i.Commit));
        commits.Select(c => c.Subject).ShouldBe(["feat(M001): Login page", "feat(M002): Billing export"]);
        foreach (var (commit, mid) in commits.Zip([m1, m2]))
        {
            commit.Trailer("GSD-Milestone").ShouldBe(mid);
            commit.Body.ShouldContain("- S01: Simulated slice 1");
            commit.Body.ShouldContain("  - T01: Simulated task 1");
            p.Git("rev-list", "--parents", "-n", "1", commit.Id).Split(' ').Length.ShouldBe(2, "one parent: a squash, not a merge commit");
            commit.Files.ShouldContain($"sim/{mid.ToLowerInvariant()}/s01-t01.txt");
            commit.Files.ShouldContain($".gsd/milestones/{mid}/{mid}-SUMMARY.md");
            p.BranchExists(mid).ShouldBeFalse();
            Directory.Exists(p.Worktree(mid)).ShouldBeFalse();
            p.WorktreeList().ShouldNotContain($"worktrees/{mid}");
            p.Git("for-each-ref", $"refs/gsd/landed/{mid}").ShouldBeEmpty();
        }
        p.Git("rev-list", "--min-parents=2", "main").ShouldBeEmpty();
        var statuses = p.QueueStatuses();
        statuses[m1].ShouldBe("complete");
        statuses[m2].ShouldBe("complete");
        var root = p.RootMetrics();
        foreach (var mid in new[] { m1, m2 })
        {
            root.Units.Count(u => u.MilestoneId == mid).ShouldBe(workerUnits[mid]);
        }
        new MergeLedger(p.Paths).Find(m1)!.Outcome.ShouldBe(MergeRecordOutcome.Merged);
        p.Git("status", "--porcelain").ShouldBeEmpty();
        p.MergeLeftovers().ShouldBeEmpty();

        var again = p.Gsd("parallel", "merge");
        again.ExitCode.ShouldBe(0, again.ToString());
        again.StdOut.ShouldContain("Nothing to merge");
        p.Git("rev-parse", "main").ShouldBe(commits[^1].Id);
    }

    [Fact]
    public void Merging_one_named_milestone_leaves_the_others_and_says_what_landed()
    {
        using var p = new MergeProject();
        var m1 = p.NewMilestone("First");
        var m2 = p.NewMilestone("Second");
        p.RunWorkers();

        var r = p.Gsd("parallel", "merge", m2);

        r.ExitCode.ShouldBe(0, r.ToString());
        r.StdOut.ShouldContain($"{m2}: merged as ");
        r.StdOut.ShouldContain("1 of 1 merged.");
        p.Git("log", "-1", "--format=%s", "main").ShouldBe("feat(M002): Second");
        p.BranchExists(m1).ShouldBeTrue();
        Directory.Exists(p.Worktree(m1)).ShouldBeTrue();

        // Asking again for one already merged is no failure: it is on main.
        var again = p.MergeJson(m2);
        again.Result.ExitCode.ShouldBe(0, again.Result.ToString());
        again.Items.ShouldHaveSingleItem().Outcome.ShouldBe("merged");
        again.Items[0].Error!.ShouldContain("already merged");
    }

    [Fact]
    public void Under_confirm_a_merge_off_a_terminal_does_not_ask_and_merges()
    {
        using var p = new MergeProject(autoMerge: "confirm");
        var m1 = p.NewMilestone("Confirmed");
        p.RunWorkers();

        var r = p.Gsd("parallel", "merge");

        r.ExitCode.ShouldBe(0, r.ToString());
        r.StdOut.ShouldNotContain("?");
        r.StdOut.ShouldContain($"{m1}: merged as ");
        p.QueueStatuses()[m1].ShouldBe("complete");
    }

    [Fact]
    public void Under_confirm_a_merge_on_a_terminal_asks_and_a_no_merges_nothing()
    {
        using var p = new MergeProject(autoMerge: "confirm");
        var m1 = p.NewMilestone("Asked");
        p.RunWorkers();
        var before = p.Git("rev-parse", "main");

        // script(1) gives gsd a real terminal; "n" answers the question.
        var r = Support.ProcessRunner.Run("script", ["-qec", $"{Support.GsdBinary.Path} parallel merge", "/dev/null"], p.Root, p.Env(), stdIn: "n\n");

        r.StdOut.ShouldContain($"Merge {m1}?", Case.Sensitive, r.ToString());
        r.StdOut.ShouldContain("Nothing merged.");
        p.Git("rev-parse", "main").ShouldBe(before);
        p.BranchExists(m1).ShouldBeTrue();

        var yes = p.Gsd("parallel", "merge", "--yes");
        yes.ExitCode.ShouldBe(0, yes.ToString());
        p.QueueStatuses()[m1].ShouldBe("complete");
    }

    [Fact]
    public void Under_manual_a_merge_on_a_terminal_asks_nothing_and_merges()
    {
        using var p = new MergeProject(autoMerge: "manual");
        var m1 = p.NewMilestone("Unasked");
        p.RunWorkers();

        var r = Support.ProcessRunner.Run("script", ["-qec", $"{Support.GsdBinary.Path} parallel merge", "/dev/null"], p.Root, p.Env(), stdIn: string.Empty);

        r.StdOut.ShouldNotContain($"Merge {m1}?", Case.Sensitive, r.ToString());
        r.StdOut.ShouldContain($"{m1}: merged as ");
        p.QueueStatuses()[m1].ShouldBe("complete");
    }

    [Fact]
    public void A_worktree_with_uncommitted_files_is_kept_after_its_merge_with_the_reason_and_removed_by_a_later_merge_once_clean()
    {
        using var p = new MergeProject();
        var m1 = p.NewMilestone("Leaves notes");
        p.RunWorkers();
        var notes = Path.Combine(p.Worktree(m1), "notes.txt");
        File.WriteAllText(notes, "my notes, never committed\n");
        var workerUnits = p.WorkerMetrics(m1).Units.Count;

        var (result, items) = p.MergeJson();

        result.ExitCode.ShouldBe(0, result.ToString());
        var item = items.ShouldHaveSingleItem();
        item.Outcome.ShouldBe("merged");
        item.Error!.ShouldContain("uncommitted changes");
        item.Error!.ShouldContain("notes.txt");
        p.QueueStatuses()[m1].ShouldBe("complete");
        p.BranchExists(m1).ShouldBeTrue();
        File.ReadAllText(notes).ShouldBe("my notes, never committed\n");

        File.Delete(notes);
        var again = p.MergeJson();

        again.Result.ExitCode.ShouldBe(0, again.Result.ToString());
        again.Items.ShouldHaveSingleItem().Outcome.ShouldBe("merged");
        again.Items[0].Commit.ShouldBe(item.Commit);
        again.Items[0].Error!.ShouldContain("already merged");
        p.Git("log", "-1", "--format=%H", "main").ShouldBe(item.Commit, "no second commit");
        p.BranchExists(m1).ShouldBeFalse();
        Directory.Exists(p.Worktree(m1)).ShouldBeFalse();
        p.RootMetrics().Units.Count(u => u.MilestoneId == m1).ShouldBe(workerUnits, "carried by both merges, recorded once");
    }
}
