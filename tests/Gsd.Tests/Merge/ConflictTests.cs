using System.Text.Json;
using Gsd.Tests.Support;

namespace Gsd.Tests.Merge;

/// <summary>Conflicts: `.gsd/` ones resolve themselves; a code conflict halts the batch and changes nothing until resolved as the hint says.</summary>
public sealed class ConflictTests
{
    [Fact]
    public void A_code_conflict_changes_nothing_lists_the_files_and_commands_halts_the_batch_and_merges_after_resolving_as_told()
    {
        using var p = new MergeProject();
        var m1 = p.NewMilestone("Conflicting work");
        var m2 = p.NewMilestone("Innocent bystander");
        p.RunWorkers();
        var conflicted = $"sim/{m1.ToLowerInvariant()}/s01-t01.txt";
        p.Repo.Write(conflicted, "written on main meanwhile\n");
        p.Repo.Commit("main: its own version of the same file");
        var snapshot = p.Snapshot();

        var (result, items) = p.MergeJson();

        result.ExitCode.ShouldBe(1, result.ToString());
        items.Count.ShouldBe(2, result.ToString());
        var conflict = items[0];
        conflict.MilestoneId.ShouldBe(m1);
        conflict.Outcome.ShouldBe("conflict");
        conflict.ConflictFiles.ShouldBe([conflicted]);
        conflict.Commit.ShouldBeNull();
        conflict.Error!.ShouldContain(conflicted);
        conflict.ResolveHint!.ShouldContain($"cd .gsd/worktrees/{m1} && git merge main");
        conflict.ResolveHint!.ShouldContain($"gsd parallel merge {m1}");
        items[1].MilestoneId.ShouldBe(m2);
        items[1].Outcome.ShouldBe("skipped");
        items[1].Error!.ShouldContain("not attempted");
        MergeProject.ShouldBeUnchanged(p.Snapshot(), snapshot);
        File.Exists(Path.Combine(p.Root, ".git", "MERGE_HEAD")).ShouldBeFalse();
        p.BranchExists(m1).ShouldBeTrue();
        Directory.Exists(p.Worktree(m1)).ShouldBeTrue();
        p.BranchExists(m2).ShouldBeTrue();
        p.MergeLeftovers().ShouldBeEmpty();

        // The human report says the same: the files, and the exact commands.
        var human = p.Gsd("parallel", "merge");
        human.ExitCode.ShouldBe(1, human.ToString());
        human.StdOut.ShouldContain($"{m1}: CONFLICT");
        human.StdOut.ShouldContain(conflicted);
        human.StdOut.ShouldContain("To resolve:");
        human.StdOut.ShouldContain($"{m2}: skipped — not attempted");
        MergeProject.ShouldBeUnchanged(p.Snapshot(), snapshot);

        // A milestone waiting on its merge is not offered to start again as if it were new.
        var start = p.Gsd("parallel", "start", "--json");
        start.ExitCode.ShouldBe(1, start.ToString());
        using (var doc = JsonDocument.Parse(start.StdOut))
        {
            doc.RootElement.GetProperty("eligible").EnumerateArray().ShouldBeEmpty();
            doc.RootElement.GetProperty("started").EnumerateArray().ShouldBeEmpty();
            var reason = doc.RootElement.GetProperty("ineligible").EnumerateArray()
                .Single(e => e.GetProperty("id").GetString() == m1).GetProperty("reason").GetString()!;
            reason.ShouldContain($"gsd parallel merge {m1}");
        }

        // Resolve exactly as the hint says: its first line in the project root, then the commit line in the worktree.
        var hint = conflict.ResolveHint!.Split('\n');
        var merge = ProcessRunner.Run("sh", ["-c", hint[0]], p.Root);
        merge.ExitCode.ShouldBe(1, $"git merge stops on the conflict in the worktree: {merge}");
        File.ReadAllText(Path.Combine(p.Worktree(m1), conflicted)).ShouldContain("<<<<<<<");
        File.WriteAllText(Path.Combine(p.Worktree(m1), conflicted), "written on main meanwhile\nand by the milestone\n");
        var commit = ProcessRunner.Run("sh", ["-c", hint[2]], p.Worktree(m1));
        commit.ExitCode.ShouldBe(0, commit.ToString());

        var retry = p.MergeJson(m1);

        retry.Result.ExitCode.ShouldBe(0, retry.Result.ToString());
        retry.Items.ShouldHaveSingleItem().Outcome.ShouldBe("merged", retry.Result.ToString());
        p.Read(conflicted).ShouldBe("written on main meanwhile\nand by the milestone\n");
        p.BranchExists(m1).ShouldBeFalse();
        Directory.Exists(p.Worktree(m1)).ShouldBeFalse();
        p.Git("log", "-1", "--format=%s", "main").ShouldBe("feat(M001): Conflicting work");
        p.Git("rev-list", "--min-parents=2", "main").ShouldBeEmpty();

        var rest = p.MergeJson();
        rest.Result.ExitCode.ShouldBe(0, rest.Result.ToString());
        rest.Items.ShouldHaveSingleItem().MilestoneId.ShouldBe(m2);
        rest.Items[0].Outcome.ShouldBe("merged");
        p.QueueStatuses().Values.ShouldAllBe(s => s == "complete");
        p.Git("branch", "--list", "milestone/*").ShouldBeEmpty();
    }

    [Fact]
    public void Conflicts_only_inside_gsd_resolve_themselves_the_milestone_keeping_its_own_files_and_main_the_rest()
    {
        using var p = new MergeProject();
        var m1 = p.NewMilestone("Own planning");
        var m2 = p.NewMilestone("Someone else");
        p.CompleteByHand(m1);
        var branchRoadmap = File.ReadAllText(Path.Combine(p.Worktree(m1), $".gsd/milestones/{m1}/{m1}-ROADMAP.md"));
        branchRoadmap.ShouldContain("Simulated slice 1");
        // In the worktree someone also edited another milestone's planning file; on main the same file and this
        // milestone's own roadmap were edited differently. All four are .gsd/ conflicts.
        var otherContext = $".gsd/milestones/{m2}/{m2}-CONTEXT.md";
        File.AppendAllText(Path.Combine(p.Worktree(m1), otherContext), "\nNote from the M001 worktree.\n");
        MergeProject.GitIn(p.Worktree(m1), "commit", "-qam", "note on M002");
        File.AppendAllText(Path.Combine(p.Root, otherContext), "\nNote written on main.\n");
        p.Repo.Write($".gsd/milestones/{m1}/{m1}-ROADMAP.md", $"# {m1}: Own planning\n\n## Slices\n\n- [ ] **S01: Planned on main instead** `risk:low` `depends:[]`\n");
        p.Repo.Commit("main: planning edits");
        var mainContext = p.Read(otherContext);
        ProcessRunner.Run("git", ["merge-tree", "--write-tree", "--name-only", "main", $"milestone/{m1}"], p.Root).ExitCode.ShouldBe(1, "git alone would stop here");

        var (result, items) = p.MergeJson();

        result.ExitCode.ShouldBe(0, result.ToString());
        items.ShouldHaveSingleItem().Outcome.ShouldBe("merged", result.ToString());
        p.Read($".gsd/milestones/{m1}/{m1}-ROADMAP.md").ShouldBe(branchRoadmap);
        p.Read(otherContext).ShouldBe(mainContext);
        p.QueueStatuses()[m1].ShouldBe("complete");
        p.QueueStatuses()[m2].ShouldNotBe("complete");
        ProcessRunner.Run("git", ["grep", "-l", "<<<<<<<", "main"], p.Root).ExitCode.ShouldBe(1, "no conflict markers anywhere on main");
        p.BranchExists(m1).ShouldBeFalse();
    }

    [Fact]
    public void A_milestone_whose_merge_did_not_land_is_held_back_from_start_with_the_reason_even_without_a_coordinator_record()
    {
        using var p = new MergeProject();
        var m1 = p.NewMilestone("Worked by hand");
        p.CompleteByHand(m1);
        var conflicted = $"sim/{m1.ToLowerInvariant()}/s01-t01.txt";
        p.Repo.Write(conflicted, "main's own version\n");
        p.Repo.Commit("main: same file");
        p.MergeJson().Items.ShouldHaveSingleItem().Outcome.ShouldBe("conflict");
        File.Exists(p.Paths.CoordinatorFile).ShouldBeFalse("no coordinator ever ran here");

        var start = p.Gsd("parallel", "start", "--json");

        start.ExitCode.ShouldBe(1, start.ToString());
        using var doc = JsonDocument.Parse(start.StdOut);
        doc.RootElement.GetProperty("eligible").EnumerateArray().ShouldBeEmpty(start.StdOut);
        var reason = doc.RootElement.GetProperty("ineligible").EnumerateArray()
            .Single(e => e.GetProperty("id").GetString() == m1).GetProperty("reason").GetString()!;
        reason.ShouldContain("conflict");
        reason.ShouldContain(conflicted);
        reason.ShouldContain($"gsd parallel merge {m1}");
        File.Exists(p.Paths.CoordinatorFile).ShouldBeFalse("nothing was started");
    }
}
