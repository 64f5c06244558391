using Gsd.Tests.Support;

namespace Gsd.Tests.Merge;

/// <summary>merge_strategy: per-slice under auto_merge: auto, through a real run: slices land while the worker goes on.</summary>
public sealed class PerSliceRunTests
{
    [Fact]
    public void Each_slice_lands_on_main_as_its_own_commit_then_the_milestone_merges_without_conflict()
    {
        using var repo = new GitRepo("gsd-perslice");
        using var home = new TempDir("gsd-perslice-home");
        repo.Write(".gsd/.gitignore", "parallel/\nworktrees/\nauto.lock\nmetrics.json\n*.lock\nactivity/\nreports/\n");
        repo.Write(".gsd/PREFERENCES.md", """
            ---
            parallel:
              enabled: true
              merge_strategy: per-slice
              auto_merge: auto
            agent:
              kind: sim
              args: ["--slices", "2", "--tasks", "1", "--delay", "300ms"]
            ---
            """);
        repo.Write(".gsd/milestones/M001/M001-CONTEXT.md", "# M001: Sliced\n");
        repo.Commit("plan");
        var env = new Dictionary<string, string?>
        {
            ["GSD_HOME"] = home.Path,
            ["GSD_HEARTBEAT_MS"] = "200",
            ["GSD_COORDINATOR_TICK_MS"] = "200",
        };

        var run = GsdBinary.Run(repo.Root, env, "parallel", "start", "--yes", "--foreground");

        run.ExitCode.ShouldBe(0, run.ToString());
        var subjects = repo.Git("log", "--format=%s", "main").Split('\n');
        var s01 = Array.FindIndex(subjects, s => s.StartsWith("feat(M001/S01): ", StringComparison.Ordinal));
        var s02 = Array.FindIndex(subjects, s => s.StartsWith("feat(M001/S02): ", StringComparison.Ordinal));
        var whole = Array.FindIndex(subjects, s => s.StartsWith("feat(M001): Sliced", StringComparison.Ordinal));
        s01.ShouldBeGreaterThanOrEqualTo(0, string.Join('\n', subjects) + "\n" + run);
        s02.ShouldBeGreaterThanOrEqualTo(0, string.Join('\n', subjects));
        whole.ShouldBeGreaterThanOrEqualTo(0, string.Join('\n', subjects));
        // Newest first: the milestone commit after both slices, S02 after S01.
        whole.ShouldBeLessThan(s02);
        s02.ShouldBeLessThan(s01);
        repo.Read("sim/m001/s01-t01.txt").ShouldContain("M001/S01/T01");
        repo.Read("sim/m001/s02-t01.txt").ShouldContain("M001/S02/T01");
        File.Exists(repo.Path(".gsd/milestones/M001/M001-SUMMARY.md")).ShouldBeTrue();
        repo.Git("branch", "--list", "milestone/M001").ShouldBeEmpty("merged and proven contained, the branch is removed");
        repo.Git("status", "--porcelain").ShouldBeEmpty();
    }
}
