using Gsd.Tests.Support;

namespace Gsd.Tests.Parallel;

/// <summary>Issue 4 item 8: `gsd demo [DIR]` runs the whole flow in a scratch repository.</summary>
[Collection(EndToEnd.Name)]
public sealed class DemoTests : IDisposable
{
    private readonly TempDir _dir = new("gsd-demo");

    public void Dispose()
    {
        var demo = Path.Combine(_dir.Path, "demo");
        if (Directory.Exists(Path.Combine(demo, ".gsd", "parallel")))
        {
            GsdBinary.Run(demo, "parallel", "stop");
        }
        _dir.Dispose();
    }

    [Fact]
    public void Demo_runs_the_whole_graph_merges_everything_and_ends_with_every_milestone_complete()
    {
        var demo = Path.Combine(_dir.Path, "demo");

        var r = GsdBinary.Run(_dir.Path, "demo", "demo", "--delay", "50ms");

        r.ExitCode.ShouldBe(0, r.ToString());
        r.StdOut.ShouldContain("Eligible for Parallel Execution (2)");
        r.StdOut.ShouldContain("  M001  Already complete.");
        r.StdOut.ShouldContain("  M004  Blocked by incomplete dependencies: M002.");
        r.StdOut.ShouldContain("  M005  Blocked by incomplete dependencies: M004.");
        r.StdOut.ShouldContain("M002 and M003 both touch: app/FEATURES.md");
        r.StdOut.ShouldContain("simulated");
        foreach (var mid in new[] { "M002", "M003", "M004", "M005" })
        {
            r.StdOut.ShouldContain($"{mid}: merged into main as");
            // Merged and proven contained: the branch is gone, the milestone reads complete on main.
            ProcessRunner.Git(demo, "branch", "--list", $"milestone/{mid}").ShouldBeEmpty();
            File.Exists(Path.Combine(demo, ".gsd", "milestones", mid, $"{mid}-SUMMARY.md")).ShouldBeTrue();
        }
        // The two milestones edited the same file in their own sections: both landed without a conflict.
        var features = File.ReadAllText(Path.Combine(demo, "app", "FEATURES.md"));
        features.ShouldContain("M002/S01/T02:");
        features.ShouldContain("M003/S01/T02:");
        var queue = GsdBinary.Run(demo, "queue", "--json");
        queue.StdOut.ShouldNotContain("\"status\": \"ready\"");
        queue.StdOut.ShouldNotContain("\"status\": \"blocked\"");
        ProcessRunner.Git(demo, "status", "--porcelain").ShouldBeEmpty();
        ProcessRunner.Git(demo, "log", "--format=%s", "main").ShouldContain("feat(M005): ");
    }

    [Fact]
    public void Demo_refuses_a_directory_that_is_not_empty()
    {
        File.WriteAllText(Path.Combine(_dir.Path, "keep.txt"), "mine\n");

        var r = GsdBinary.Run(_dir.Path, "demo", _dir.Path);

        r.ExitCode.ShouldBe(2, r.ToString());
        r.StdErr.ShouldContain($"{_dir.Path} is not empty");
        File.ReadAllText(Path.Combine(_dir.Path, "keep.txt")).ShouldBe("mine\n");
        Directory.Exists(Path.Combine(_dir.Path, ".gsd")).ShouldBeFalse();
    }
}
