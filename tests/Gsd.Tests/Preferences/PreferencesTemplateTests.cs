using System.Text.RegularExpressions;
using Gsd.Preferences;

namespace Gsd.Tests.Preferences;

public sealed partial class PreferencesTemplateTests
{
    private static readonly string[] AllKeys =
    [
        "parallel.enabled", "parallel.max_workers", "parallel.budget_ceiling", "parallel.merge_strategy",
        "parallel.auto_merge", "parallel.max_restarts", "agent.kind", "agent.command", "agent.model",
        "agent.args", "agent.unit_timeout", "agent.transient_retry_for", "agent.permission_mode", "agent.allowed_tools", "git.main_branch", "git.pre_merge_check", "git.worktree_post_create",
    ];

    [Fact]
    public void The_template_loads_to_exactly_the_defaults_with_no_warnings()
    {
        using var files = new PreferenceFiles();
        files.Project(PreferencesTemplate.Render());

        var loaded = files.Load();

        loaded.Preferences.ShouldBe(GsdPreferences.Default);
        loaded.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void The_template_shows_every_key_commented_out_in_its_section()
    {
        var keys = CommentedKeyLines(PreferencesTemplate.Render()).Select(l => l.Dotted).ToList();

        keys.ShouldBe(AllKeys);
    }

    [Fact]
    public void Each_commented_key_shows_its_default_and_what_is_allowed()
    {
        var template = PreferencesTemplate.Render();

        template.ShouldContain("# max_workers: 2");
        template.ShouldContain("1-4");
        template.ShouldContain("# merge_strategy: per-milestone");
        template.ShouldContain("per-milestone | per-slice");
        template.ShouldContain("# auto_merge: confirm");
        template.ShouldContain("auto | confirm | manual");
        template.ShouldContain("# kind: claude");
        template.ShouldContain("claude | codex | command | sim");
        template.ShouldContain("# unit_timeout: 30m");
    }

    [Fact]
    public void Uncommenting_any_single_line_gives_a_valid_file_with_the_default_value()
    {
        var template = PreferencesTemplate.Render();
        var lines = CommentedKeyLines(template).ToList();
        lines.Count.ShouldBe(AllKeys.Length);

        foreach (var (index, dotted) in lines)
        {
            var edited = template.Split('\n');
            edited[index] = KeyLine().Replace(edited[index], "$1$2");
            using var files = new PreferenceFiles();
            files.Project(string.Join('\n', edited));

            var loaded = files.Load();

            loaded.Preferences.ShouldBe(GsdPreferences.Default, $"after uncommenting {dotted}");
            loaded.Warnings.ShouldBeEmpty($"after uncommenting {dotted}");
            loaded.SourceFiles.Count.ShouldBe(1);
        }
    }

    [Fact]
    public void Uncommenting_a_line_and_changing_its_value_takes_effect()
    {
        var template = PreferencesTemplate.Render();
        var edited = template.Replace("  # max_workers: 2", "  max_workers: 3", StringComparison.Ordinal);
        edited.ShouldNotBe(template);
        using var files = new PreferenceFiles();
        files.Project(edited);

        files.Load().Preferences.Parallel.MaxWorkers.ShouldBe(3);
    }

    [Fact]
    public void The_template_ends_with_prose_after_the_frontmatter()
    {
        var template = PreferencesTemplate.Render();
        var closing = template.IndexOf("\n---\n", StringComparison.Ordinal);

        template.ShouldStartWith("---\n");
        closing.ShouldBeGreaterThan(0);
        template[(closing + 5)..].ShouldContain("# gsd preferences");
    }

    /// <summary>The template's commented-out key lines inside the frontmatter, with their dotted key.</summary>
    private static IEnumerable<(int Index, string Dotted)> CommentedKeyLines(string template)
    {
        var lines = template.Split('\n');
        string? section = null;
        for (var i = 1; i < lines.Length && lines[i] != "---"; i++)
        {
            if (SectionLine().Match(lines[i]) is { Success: true } s)
            {
                section = s.Groups[1].Value;
            }
            else if (KeyLine().Match(lines[i]) is { Success: true } k)
            {
                var name = k.Groups[2].Value.Split(':')[0];
                yield return (i, section is null ? name : $"{section}.{name}");
            }
        }
    }

    [GeneratedRegex(@"^([a-z_]+):\s*$")]
    private static partial Regex SectionLine();

    [GeneratedRegex(@"^(\s*)# ([a-z_]+: .*)$")]
    private static partial Regex KeyLine();
}
