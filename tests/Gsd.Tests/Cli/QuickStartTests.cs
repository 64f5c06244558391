using System.Text.RegularExpressions;
using Gsd.Tests.Support;

namespace Gsd.Tests.Cli;

/// <summary>The README's quick start, read from the README and run word for word on a fresh repository.</summary>
public sealed partial class QuickStartTests
{
    [Fact]
    public void The_readme_quick_start_runs_word_for_word_through_gsd_auto_and_commits_the_plan_as_the_milestones_planning_commit()
    {
        var commands = QuickStartCommands();
        commands.Select(c => c[0]).ShouldBe(["init", "milestone", "milestone", "queue", "auto"]);
        using var repo = new GitRepo("gsd-quickstart");
        using var home = new TempDir("gsd-quickstart-home");
        // The agent comes from the user's global preferences, so the project holds only what the commands wrote.
        home.Write("PREFERENCES.md", "---\nagent:\n  kind: sim\n  args: [--delay, 0s, --slices, 1, --tasks, 1]\n---\n");
        var env = new Dictionary<string, string?> { ["GSD_HOME"] = home.Path };
        var before = repo.Head();

        foreach (var args in commands)
        {
            var run = GsdBinary.Run(repo.Root, env, [.. args]);
            run.ExitCode.ShouldBe(0, $"gsd {string.Join(' ', args)}\n{run}");
        }

        repo.Exists(".gsd/milestones/M001/M001-SUMMARY.md").ShouldBeTrue();
        var subjects = repo.Git("log", "--format=%s", $"{before}..HEAD").Split('\n');
        subjects[^1].ShouldBe("chore(M001): planning files");
        subjects[0].ShouldBe("feat(M001): complete milestone User accounts");
        repo.Git("show", "--name-only", "--format=", "HEAD~" + (subjects.Length - 1)).Trim()
            .ShouldBe(".gsd/milestones/M001/M001-CONTEXT.md");
        // What is not M001's plan stays as the user left it: uncommitted.
        repo.Git("status", "--porcelain", "--", ".gsd/milestones/M002", ".gsd/PREFERENCES.md").ShouldContain("M002");
    }

    [Fact]
    public void Code_changes_of_the_user_next_to_the_plan_still_stop_gsd_auto_and_nothing_is_committed()
    {
        using var repo = new GitRepo("gsd-quickstart");
        using var home = new TempDir("gsd-quickstart-home");
        home.Write("PREFERENCES.md", "---\nagent:\n  kind: sim\n---\n");
        var env = new Dictionary<string, string?> { ["GSD_HOME"] = home.Path };
        GsdBinary.Run(repo.Root, env, "init").ExitCode.ShouldBe(0);
        GsdBinary.Run(repo.Root, env, "milestone", "new", "User accounts").ExitCode.ShouldBe(0);
        repo.Write("src/mine.txt", "mine\n");
        var before = repo.Head();

        var run = GsdBinary.Run(repo.Root, env, "auto");

        run.ExitCode.ShouldBe(1, run.ToString());
        run.StdErr.ShouldContain("uncommitted changes that no interrupted gsd unit made: src/mine.txt.");
        repo.Head().ShouldBe(before);
    }

    /// <summary>The <c>gsd …</c> lines of the README's "Quick start on your own project" block, comments dropped, split as a shell would.</summary>
    private static List<string[]> QuickStartCommands()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var section = readme[readme.IndexOf("## Quick start on your own project", StringComparison.Ordinal)..];
        var block = section[(section.IndexOf("```sh\n", StringComparison.Ordinal) + 6)..];
        block = block[..block.IndexOf("```", StringComparison.Ordinal)];
        return block.Split('\n')
            .Select(line => line.Split(" #")[0].Trim())
            .Where(line => line.StartsWith("gsd ", StringComparison.Ordinal))
            .Select(line => Words().Matches(line[4..]).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Value).ToArray())
            .ToList();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Gsd.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Gsd.slnx not found above the test assembly");
    }

    [GeneratedRegex("\"([^\"]*)\"|\\S+")]
    private static partial Regex Words();
}
