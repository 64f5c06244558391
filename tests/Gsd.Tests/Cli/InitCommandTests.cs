using Gsd.Tests.Support;

namespace Gsd.Tests.Cli;

public sealed class InitCommandTests
{
    [Fact]
    public void Init_creates_preferences_gitignore_and_milestones()
    {
        using var dir = new GitDir();
        var r = GsdBinary.Run(dir.Path, "init");
        r.ExitCode.ShouldBe(0, r.ToString());
        File.Exists(dir.File(".gsd/PREFERENCES.md")).ShouldBeTrue();
        Directory.Exists(dir.File(".gsd/milestones")).ShouldBeTrue();
        var ignore = dir.Read(".gsd/.gitignore");
        foreach (var entry in new[] { "parallel/", "worktrees/", "auto.lock", "metrics.json", "*.lock", "activity/", "reports/" })
        {
            ignore.ShouldContain(entry);
        }
        // The template loads: queue runs without preference errors.
        GsdBinary.Run(dir.Path, "queue").ExitCode.ShouldBe(0);
    }

    [Fact]
    public void Init_is_idempotent_and_overwrites_nothing()
    {
        using var dir = new GitDir();
        dir.Write(".gsd/PREFERENCES.md", "---\nparallel:\n  enabled: true\n---\nmine\n");
        dir.Write(".gsd/.gitignore", "# mine\nparallel/\n");
        var r = GsdBinary.Run(dir.Path, "init");
        r.ExitCode.ShouldBe(0, r.ToString());
        dir.Read(".gsd/PREFERENCES.md").ShouldBe("---\nparallel:\n  enabled: true\n---\nmine\n");
        var ignore = dir.Read(".gsd/.gitignore");
        ignore.ShouldStartWith("# mine\nparallel/\n");
        ignore.ShouldContain("worktrees/");
        ignore.Split('\n').Count(l => l == "parallel/").ShouldBe(1);

        var again = GsdBinary.Run(dir.Path, "init");
        again.ExitCode.ShouldBe(0);
        again.StdOut.ShouldContain("already initialised");
    }

    [Fact]
    public void Init_keeps_a_legacy_lowercase_preferences_file()
    {
        using var dir = new GitDir();
        dir.Write(".gsd/preferences.md", "---\n---\n");
        GsdBinary.Run(dir.Path, "init").ExitCode.ShouldBe(0);
        File.Exists(dir.File(".gsd/PREFERENCES.md")).ShouldBeFalse();
    }

    [Fact]
    public void Minus_C_runs_in_another_directory()
    {
        using var dir = new GitDir();
        using var elsewhere = new TempDir();
        GsdBinary.Run(elsewhere.Path, "-C", dir.Path, "init").ExitCode.ShouldBe(0);
        Directory.Exists(dir.File(".gsd")).ShouldBeTrue();
        Directory.Exists(System.IO.Path.Combine(elsewhere.Path, ".gsd")).ShouldBeFalse();
    }

    [Fact]
    public void Minus_C_to_a_missing_directory_is_a_usage_error()
    {
        using var dir = new GitDir();
        var r = GsdBinary.Run(dir.Path, "-C", dir.File("nope"), "queue");
        r.ExitCode.ShouldBe(2);
        r.StdErr.ShouldContain("nope");
    }

    [Fact]
    public void Unknown_command_is_a_usage_error()
    {
        using var dir = new GitDir();
        var r = GsdBinary.Run(dir.Path, "frobnicate");
        r.ExitCode.ShouldBe(2);
        r.StdErr.ShouldContain("frobnicate");
    }

    [Fact]
    public void Init_outside_a_git_repository_says_so_offers_git_init_and_creates_nothing()
    {
        using var dir = new TempDir("gsd-nogit");

        var r = GsdBinary.Run(dir.Path, "init");

        r.ExitCode.ShouldBe(2, r.ToString());
        r.StdErr.ShouldContain("is not in a git repository");
        r.StdErr.ShouldContain("`git init`");
        Directory.EnumerateFileSystemEntries(dir.Path).ShouldBeEmpty();
    }

    [Fact]
    public void Init_in_a_bare_repository_refuses_and_creates_nothing()
    {
        using var dir = new TempDir("gsd-bare");
        ProcessRunner.Git(dir.Path, "init", "-q", "--bare");
        var before = Directory.EnumerateFileSystemEntries(dir.Path).Order(StringComparer.Ordinal).ToList();

        var r = GsdBinary.Run(dir.Path, "init");

        r.ExitCode.ShouldBe(2, r.ToString());
        r.StdErr.ShouldContain("is a bare git repository");
        r.StdErr.ShouldContain("git clone");
        Directory.EnumerateFileSystemEntries(dir.Path).Order(StringComparer.Ordinal).ToList().ShouldBe(before);
    }
}
