using Gsd.Preferences;

namespace Gsd.Tests.Preferences;

/// <summary>Unknown keys are warnings naming file, key and line — never errors, whatever their value.</summary>
public sealed class PreferenceWarningTests
{
    private static readonly string ProjectFile = Path.Combine(".gsd", "PREFERENCES.md");

    [Fact]
    public void An_unknown_key_in_a_section_is_a_warning_naming_file_line_and_key()
    {
        using var files = new PreferenceFiles();
        files.ProjectYaml("parallel:\n  enabled: true\n  colour: blue\n");

        var loaded = files.Load();

        loaded.Preferences.Parallel.Enabled.ShouldBeTrue();
        var warning = loaded.Warnings.ShouldHaveSingleItem();
        warning.File.ShouldBe(ProjectFile);
        warning.Line.ShouldBe(4);
        warning.Key.ShouldBe("parallel.colour");
        warning.Kind.ShouldBe(PreferenceWarningKind.UnknownKey);
        warning.Message.ShouldBe($"{ProjectFile}:4: unknown key parallel.colour (ignored)");
    }

    [Fact]
    public void A_mistyped_key_suggests_the_right_one()
    {
        using var files = new PreferenceFiles();
        files.ProjectYaml("parallel:\n  max_worker: 3\nagnet:\n  kind: sim\n");

        var loaded = files.Load();

        loaded.Preferences.Parallel.MaxWorkers.ShouldBe(2);
        loaded.Warnings.Select(w => w.Message).ShouldBe([
            $"{ProjectFile}:3: unknown key parallel.max_worker (ignored) — did you mean parallel.max_workers?",
            $"{ProjectFile}:4: unknown key agnet (ignored) — did you mean agent?",
        ]);
    }

    [Fact]
    public void A_key_in_the_wrong_section_points_at_where_gsd_reads_it()
    {
        using var files = new PreferenceFiles();
        files.ProjectYaml("max_workers: 3\nagent:\n  main_branch: dev\n");

        var messages = files.Load().Warnings.Select(w => w.Message).ToList();

        messages.ShouldBe([
            $"{ProjectFile}:2: unknown key max_workers (ignored) — did you mean parallel.max_workers?",
            $"{ProjectFile}:4: unknown key agent.main_branch (ignored) — did you mean git.main_branch?",
        ]);
    }

    [Fact]
    public void Gsd2_settings_are_warnings_of_their_own_kind()
    {
        using var files = new PreferenceFiles();
        files.ProjectYaml("version: 1\nbudget_ceiling: 50\ngit:\n  isolation: worktree\n  merge_strategy: squash\n");

        var warnings = files.Load().Warnings;

        warnings.ShouldAllBe(w => w.Kind == PreferenceWarningKind.Gsd2Setting);
        warnings.Select(w => w.Message).ShouldBe([
            $"{ProjectFile}:2: version is a GSD-2 setting gsd does not use (ignored)",
            $"{ProjectFile}:3: budget_ceiling is a GSD-2 setting gsd does not use (ignored); gsd reads parallel.budget_ceiling",
            $"{ProjectFile}:5: git.isolation is a GSD-2 setting gsd does not use (ignored)",
            $"{ProjectFile}:6: git.merge_strategy is a GSD-2 setting gsd does not use (ignored); gsd reads parallel.merge_strategy",
        ]);
    }

    [Fact]
    public void Unknown_keys_may_hold_values_of_any_shape()
    {
        using var files = new PreferenceFiles();
        files.ProjectYaml("""
            custom_instructions:
              - "one"
              - two: 2
            post_unit_hooks:
              - name: x
                prompt: |
                  multi
                  line
            notifications: {enabled: true}
            weird: !!binary aGVsbG8=
            anchors: &a {x: 1}
            again: *a
            parallel:
              extra: [1, {a: b}]
            git:
              push_branches: [a, b]
              snapshots: ~

            """);

        var loaded = files.Load();

        loaded.Preferences.ShouldBe(GsdPreferences.Default);
        loaded.Warnings.Select(w => w.Key).ShouldBe([
            "custom_instructions", "post_unit_hooks", "notifications", "weird", "anchors", "again",
            "parallel.extra", "git.push_branches", "git.snapshots",
        ]);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("auto")]
    [InlineData("[]")]
    public void Gsd2_values_of_git_command_keys_load_as_not_set_with_a_warning(string value)
    {
        using var files = new PreferenceFiles();
        files.ProjectYaml($"git:\n  pre_merge_check: {value}\n  worktree_post_create: {value}\n");

        var loaded = files.Load();

        loaded.Preferences.Git.ShouldBe(new GitPreferences());
        loaded.Warnings.Select(w => (w.Line, w.Key, w.Kind)).ShouldBe([
            (3, "git.pre_merge_check", PreferenceWarningKind.Gsd2Setting),
            (4, "git.worktree_post_create", PreferenceWarningKind.Gsd2Setting),
        ]);
        loaded.Warnings[0].Message.ShouldContain("gsd expects a shell command here");
    }

    [Fact]
    public void False_for_a_git_command_key_means_none_without_a_warning()
    {
        using var files = new PreferenceFiles();
        files.ProjectYaml("git:\n  pre_merge_check: false\n");

        var loaded = files.Load();

        loaded.Preferences.Git.PreMergeCheck.ShouldBeNull();
        loaded.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void Warnings_come_from_both_files_in_order()
    {
        using var files = new PreferenceFiles();
        var global = files.GlobalYaml("mode: solo\n");
        files.ProjectYaml("tyop: 1\n");

        var warnings = files.Load().Warnings;

        warnings.Select(w => (w.File, w.Key)).ShouldBe([(global, "mode"), (ProjectFile, "tyop")]);
    }
}
