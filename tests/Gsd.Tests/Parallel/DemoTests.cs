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
    public void Demo_runs_the_independent_milestones_to_completion_on_their_branches()
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
        r.StdOut.ShouldContain("ended: nothing left to run; M004 waits for M002 to be merged");
        foreach (var mid in new[] { "M002", "M003" })
        {
            ProcessRunner.Git(demo, "cat-file", "-e", $"milestone/{mid}:.gsd/milestones/{mid}/{mid}-SUMMARY.md");
            ProcessRunner.Git(demo, "show", $"milestone/{mid}:app/FEATURES.md").ShouldContain($"{mid}/S01/T02:");
        }
        // The two milestones edited the same file in their own sections: their branches merge without a conflict.
        ProcessRunner.Run("git", ["merge-tree", "--write-tree", "milestone/M002", "milestone/M003"], demo).ExitCode.ShouldBe(0);
        ProcessRunner.Git(demo, "status", "--porcelain").ShouldBeEmpty();
        ProcessRunner.Git(demo, "branch", "--list", "milestone/M004").ShouldBeEmpty("M004 waits for M002 on main");
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
