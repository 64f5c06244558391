using Gsd.Merge;
using Gsd.Preferences;
using Gsd.Protocol;
using Gsd.Tests.Support;

namespace Gsd.Tests.Merge;

/// <summary>merge_strategy: per-slice — each completed slice lands as its own squash commit while the worker goes on.</summary>
public sealed class SliceLandingTests
{
    [Fact(Timeout = Hang.EndToEnd)]
    public async Task Each_completed_slice_lands_on_its_own_and_the_final_merge_never_conflicts_with_what_already_landed()
    {
        using var p = new MergeProject(slices: 2, tasks: 1, mergeStrategy: "per-slice");
        var m1 = p.NewMilestone("Sliced");
        var s01File = $"sim/{m1.ToLowerInvariant()}/s01-t01.txt";
        var s02File = $"sim/{m1.ToLowerInvariant()}/s02-t01.txt";
        // A budget ceiling in the user's global preferences stops the worker after S01 is complete and S02 is planned.
        File.WriteAllText(Path.Combine(p.Home, "PREFERENCES.md"), "---\nparallel:\n  budget_ceiling: 0.035\n---\n");
        p.WorkByHand(m1);
        var milestone = Gsd.Planning.PlanningLoader.LoadMilestone(p.Worktree(m1), m1);
        milestone.Slices.Select(s => s.IsDone).ShouldBe([true, false], "the worker stopped between the two slices");
        var before = p.Git("rev-parse", "main");
        var runner = new MilestoneMerger(p.Paths, PreferencesLoader.Load(p.Root, p.Home).Preferences, TimeProvider.System);

        var first = await runner.LandCompletedSlicesAsync(m1, MergeProject.Ct);

        first.ShouldHaveSingleItem().Outcome.ShouldBe(Gsd.Merge.MergeOutcome.Merged, first[0].Error);
        var landed = p.CommitsSince(before).ShouldHaveSingleItem();
        landed.Id.ShouldBe(first[0].Commit);
        landed.Subject.ShouldBe($"feat({m1}/S01): Simulated slice 1");
        landed.Trailer("GSD-Milestone").ShouldBe(m1);
        landed.Trailer("GSD-Unit").ShouldBe($"{m1}/S01");
        landed.Files.ShouldContain(s01File);
        landed.Files.ShouldNotContain(s02File);
        p.Read(s01File).ShouldContain($"{m1}/S01/T01");
        p.QueueStatuses()[m1].ShouldNotBe("complete");
        new MergeLedger(p.Paths).Find(m1)!.LandedSlices.ShouldBe(["S01"]);
        p.BranchExists(m1).ShouldBeTrue("the worker goes on on its branch");
        (await runner.LandCompletedSlicesAsync(m1, MergeProject.Ct)).ShouldBeEmpty("nothing new to land");

        // The worker goes on: S02 reworks the very file S01 landed, then the milestone completes.
        File.Delete(Path.Combine(p.Home, "PREFERENCES.md"));
        File.AppendAllText(Path.Combine(p.Worktree(m1), s01File), "reworked during S02\n");
        MergeProject.GitIn(p.Worktree(m1), "commit", "-qam", $"fix({m1}/S02): rework the S01 output");
        p.CompleteByHand(m1);
        var s02Commit = p.Git("log", "--format=%H", "-1", "--grep", $"GSD-Unit: {m1}/S02", $"milestone/{m1}");
        ProcessRunner.Run("git", ["merge-tree", "--write-tree", "--name-only", "main", s02Commit], p.Root).ExitCode.ShouldBe(1, "git alone sees the milestone conflict with itself");

        var second = await runner.LandCompletedSlicesAsync(m1, MergeProject.Ct);

        second.ShouldHaveSingleItem().Outcome.ShouldBe(Gsd.Merge.MergeOutcome.Merged, second[0].Error);
        p.Git("log", "-1", "--format=%s", "main").ShouldBe($"feat({m1}/S02): Simulated slice 2");
        p.Read(s01File).ShouldEndWith("reworked during S02\n");
        p.QueueStatuses()[m1].ShouldNotBe("complete", "the milestone's summary lands with the final merge");

        var (result, items) = p.MergeJson();

        result.ExitCode.ShouldBe(0, result.ToString());
        items.ShouldHaveSingleItem().Outcome.ShouldBe("merged", result.ToString());
        p.Git("log", "--format=%s", "-3", "main").ShouldBe($"feat({m1}): Sliced\nfeat({m1}/S02): Simulated slice 2\nfeat({m1}/S01): Simulated slice 1");
        p.Git("show", "--name-only", "--format=", "main").ShouldNotContain("sim/", Case.Sensitive, "the slices' code already landed");
        p.QueueStatuses()[m1].ShouldBe("complete");
        p.Read(s02File).ShouldContain($"{m1}/S02/T01");
        p.Git("rev-list", "--min-parents=2", "main").ShouldBeEmpty();
        p.BranchExists(m1).ShouldBeFalse();
        Directory.Exists(p.Worktree(m1)).ShouldBeFalse();
    }
}
