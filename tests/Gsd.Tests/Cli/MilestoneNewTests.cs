using Gsd.Tests.Support;

namespace Gsd.Tests.Cli;

public sealed class MilestoneNewTests
{
    [Fact]
    public void Creates_the_next_milestone_with_dependencies()
    {
        using var dir = new GitDir();
        GsdBinary.Run(dir.Path, "init").ExitCode.ShouldBe(0);
        GsdBinary.Run(dir.Path, "milestone", "new", "First").ExitCode.ShouldBe(0);
        var r = GsdBinary.Run(dir.Path, "milestone", "new", "Second one", "--depends-on", "M001");
        r.ExitCode.ShouldBe(0, r.ToString());
        r.StdOut.ShouldContain("M002");
        var context = dir.Read(".gsd/milestones/M002/M002-CONTEXT.md");
        context.ShouldContain("depends_on: [M001]");
        context.ShouldContain("# M002: Second one");

        var queue = GsdBinary.Run(dir.Path, "queue", "--json");
        queue.StdOut.ShouldContain("\"title\": \"Second one\"");
        queue.StdOut.ShouldContain("\"status\": \"blocked\"");
    }

    [Fact]
    public void Numbers_after_the_highest_existing_id()
    {
        using var dir = new GitDir();
        dir.Write(".gsd/milestones/M007/M007-CONTEXT.md", "# M007: Seven\n");
        var r = GsdBinary.Run(dir.Path, "milestone", "new", "Eight", "--depends-on", "M007");
        r.ExitCode.ShouldBe(0, r.ToString());
        File.Exists(dir.File(".gsd/milestones/M008/M008-CONTEXT.md")).ShouldBeTrue();
    }

    [Fact]
    public void Unknown_dependency_is_refused_and_nothing_is_created()
    {
        using var dir = new GitDir();
        GsdBinary.Run(dir.Path, "init").ExitCode.ShouldBe(0);
        var r = GsdBinary.Run(dir.Path, "milestone", "new", "X", "--depends-on", "M004");
        r.ExitCode.ShouldBe(2);
        r.StdErr.ShouldContain("unknown milestone M004");
        Directory.Exists(dir.File(".gsd/milestones/M001")).ShouldBeFalse();
    }

    [Fact]
    public void Malformed_dependency_id_is_refused()
    {
        using var dir = new GitDir();
        GsdBinary.Run(dir.Path, "init").ExitCode.ShouldBe(0);
        var r = GsdBinary.Run(dir.Path, "milestone", "new", "X", "--depends-on", "../etc");
        r.ExitCode.ShouldBe(2);
        r.StdErr.ShouldContain("'../etc' is not a milestone id");
    }

    [Fact]
    public void Empty_title_is_refused()
    {
        using var dir = new GitDir();
        GsdBinary.Run(dir.Path, "init").ExitCode.ShouldBe(0);
        var r = GsdBinary.Run(dir.Path, "milestone", "new", "  ");
        r.ExitCode.ShouldBe(2);
        r.StdErr.ShouldContain("title");
    }
}
