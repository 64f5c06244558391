using Gsd.Layout;
using Gsd.Preferences;

namespace Gsd.Tests.Preferences;

public sealed class PreferencesLoaderTests
{
    [Fact]
    public void No_files_at_all_gives_the_defaults_and_no_sources()
    {
        using var files = new PreferenceFiles();

        var loaded = files.Load();

        loaded.Preferences.ShouldBe(GsdPreferences.Default);
        loaded.Warnings.ShouldBeEmpty();
        loaded.SourceFiles.ShouldBeEmpty();
    }

    [Fact]
    public void A_project_root_without_a_gsd_directory_and_a_missing_home_are_fine()
    {
        var nowhere = Path.Combine(Path.GetTempPath(), "gsd-absent-" + Guid.NewGuid().ToString("N"));

        var loaded = PreferencesLoader.Load(nowhere, Path.Combine(nowhere, "home"));

        loaded.Preferences.ShouldBe(GsdPreferences.Default);
    }

    [Fact]
    public void A_null_project_root_reads_only_the_global_file()
    {
        using var files = new PreferenceFiles();
        files.GlobalYaml("parallel:\n  max_workers: 3\n");

        var loaded = PreferencesLoader.Load(null, files.Home);

        loaded.Preferences.Parallel.MaxWorkers.ShouldBe(3);
        loaded.SourceFiles.ShouldBe([Path.Combine(files.Home, "PREFERENCES.md")]);
    }

    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var d = GsdPreferences.Default;

        d.Parallel.ShouldBe(new ParallelPreferences());
        d.Parallel.Enabled.ShouldBeFalse();
        d.Parallel.MaxWorkers.ShouldBe(2);
        d.Parallel.BudgetCeiling.ShouldBeNull();
        d.Parallel.MergeStrategy.ShouldBe(MergeStrategy.PerMilestone);
        d.Parallel.AutoMerge.ShouldBe(AutoMerge.Confirm);
        d.Parallel.MaxRestarts.ShouldBe(1);
        d.Agent.Kind.ShouldBe("claude");
        d.Agent.Command.ShouldBeEmpty();
        d.Agent.Model.ShouldBeNull();
        d.Agent.Args.ShouldBeEmpty();
        d.Agent.UnitTimeout.ShouldBe(TimeSpan.FromMinutes(30));
        d.Git.ShouldBe(new GitPreferences());
    }

    [Fact]
    public void Every_key_is_read_with_its_type()
    {
        using var files = new PreferenceFiles();
        files.ProjectYaml("""
            parallel:
              enabled: true
              max_workers: 4
              budget_ceiling: 12.50
              merge_strategy: per-slice
              auto_merge: "manual"
              max_restarts: 0
            agent:
              kind: command
              command: [my-agent, --fast, 5]
              model: opus
              args:
                - --verbose
                - ""
              unit_timeout: 1h30m
            git:
              main_branch: trunk
              pre_merge_check: dotnet test
              worktree_post_create: 'npm ci'

            """);

        var p = files.Load().Preferences;

        p.Parallel.ShouldBe(new ParallelPreferences
        {
            Enabled = true, MaxWorkers = 4, BudgetCeiling = 12.50m, MergeStrategy = MergeStrategy.PerSlice,
            AutoMerge = AutoMerge.Manual, MaxRestarts = 0,
        });
        p.Agent.ShouldBe(new AgentPreferences
        {
            Kind = "command", Command = ["my-agent", "--fast", "5"], Model = "opus", Args = ["--verbose", ""],
            UnitTimeout = TimeSpan.FromMinutes(90),
        });
        p.Git.ShouldBe(new GitPreferences { MainBranch = "trunk", PreMergeCheck = "dotnet test", WorktreePostCreate = "npm ci" });
    }

    [Fact]
    public void Choice_values_ignore_case()
    {
        using var files = new PreferenceFiles();
        files.ProjectYaml("parallel:\n  auto_merge: Auto\nagent:\n  kind: SIM\n");

        var p = files.Load().Preferences;

        p.Parallel.AutoMerge.ShouldBe(AutoMerge.Auto);
        p.Agent.Kind.ShouldBe(AgentKinds.Sim);
    }

    [Fact]
    public void Null_and_tilde_mean_the_default_for_nullable_keys()
    {
        using var files = new PreferenceFiles();
        files.ProjectYaml("parallel:\n  budget_ceiling: ~\nagent:\n  model: null\ngit:\n  main_branch:\n  pre_merge_check: NULL\n");

        files.Load().Preferences.ShouldBe(GsdPreferences.Default);
    }

    [Fact]
    public void Project_wins_over_global_key_by_key_within_a_section()
    {
        using var files = new PreferenceFiles();
        files.GlobalYaml("""
            parallel:
              enabled: true
              max_workers: 4
              budget_ceiling: 100
            agent:
              kind: codex
              model: gpt-5
            git:
              pre_merge_check: make check

            """);
        files.ProjectYaml("""
            parallel:
              max_workers: 3
            agent:
              model: o3

            """);

        var loaded = files.Load();
        var p = loaded.Preferences;

        p.Parallel.Enabled.ShouldBeTrue();          // global only
        p.Parallel.MaxWorkers.ShouldBe(3);          // project wins
        p.Parallel.BudgetCeiling.ShouldBe(100m);    // global only, same section as an override
        p.Agent.Kind.ShouldBe("codex");
        p.Agent.Model.ShouldBe("o3");
        p.Git.PreMergeCheck.ShouldBe("make check");
        loaded.SourceFiles.ShouldBe([
            Path.Combine(files.Home, "PREFERENCES.md"),
            Path.Combine(files.ProjectRoot, ".gsd", "PREFERENCES.md"),
        ]);
    }

    [Fact]
    public void An_explicit_null_in_the_project_resets_a_global_value()
    {
        using var files = new PreferenceFiles();
        files.GlobalYaml("parallel:\n  budget_ceiling: 20\n");
        files.ProjectYaml("parallel:\n  budget_ceiling: null\n");

        files.Load().Preferences.Parallel.BudgetCeiling.ShouldBeNull();
    }

    [Fact]
    public void Lists_from_the_project_replace_the_global_list()
    {
        using var files = new PreferenceFiles();
        files.GlobalYaml("agent:\n  args: [--a, --b]\n");
        files.ProjectYaml("agent:\n  args: [--c]\n");

        files.Load().Preferences.Agent.Args.ShouldBe(["--c"]);
    }

    [Fact]
    public void Kind_command_in_the_project_may_use_the_command_from_the_global_file()
    {
        using var files = new PreferenceFiles();
        files.GlobalYaml("agent:\n  command: [my-agent]\n");
        files.ProjectYaml("agent:\n  kind: command\n");

        files.Load().Preferences.Agent.Command.ShouldBe(["my-agent"]);
    }

    [Fact]
    public void The_legacy_lowercase_project_file_is_read_when_the_uppercase_one_is_absent()
    {
        using var files = new PreferenceFiles();
        files.Project(PreferenceFiles.WithFrontmatter("parallel:\n  max_workers: 3\n"), PreferencePaths.LegacyFileName);

        var loaded = files.Load();

        loaded.Preferences.Parallel.MaxWorkers.ShouldBe(3);
        loaded.SourceFiles.ShouldBe([Path.Combine(files.ProjectRoot, ".gsd", "preferences.md")]);
    }

    [Fact]
    public void The_uppercase_project_file_wins_over_the_legacy_one()
    {
        using var files = new PreferenceFiles();
        files.Project(PreferenceFiles.WithFrontmatter("parallel:\n  max_workers: 3\n"), PreferencePaths.LegacyFileName);
        if (File.Exists(Path.Combine(files.ProjectRoot, ".gsd", PreferencePaths.FileName)))
        {
            Assert.Skip("case-insensitive file system: both names are the same file");
        }
        files.ProjectYaml("parallel:\n  max_workers: 4\n");

        files.Load().Preferences.Parallel.MaxWorkers.ShouldBe(4);
    }

    [Fact]
    public void A_file_without_frontmatter_sets_nothing()
    {
        using var files = new PreferenceFiles();
        files.Project("# Preferences\n\nparallel:\n  max_workers: 9\n");

        var loaded = files.Load();

        loaded.Preferences.ShouldBe(GsdPreferences.Default);
        loaded.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void Empty_and_comment_only_frontmatter_set_nothing()
    {
        using var files = new PreferenceFiles();
        files.Global("---\n---\n");
        files.Project("---\n# nothing yet\n---\n");

        files.Load().Preferences.ShouldBe(GsdPreferences.Default);
    }

    [Fact]
    public void Sections_with_every_key_commented_out_are_empty()
    {
        using var files = new PreferenceFiles();
        files.ProjectYaml("parallel:\n  # max_workers: 3\nagent:\ngit: ~\n");

        files.Load().Preferences.ShouldBe(GsdPreferences.Default);
    }

    [Fact]
    public void Windows_line_endings_and_a_byte_order_mark_are_read()
    {
        using var files = new PreferenceFiles();
        files.Project("\uFEFF---\r\nparallel:\r\n  max_workers: 3\r\n---\r\nprose\r\n");

        files.Load().Preferences.Parallel.MaxWorkers.ShouldBe(3);
    }

    [Fact]
    public void When_the_project_is_the_home_directory_its_file_is_read_once()
    {
        using var files = new PreferenceFiles();
        files.ProjectYaml("parallel:\n  bogus: 1\n");

        var loaded = PreferencesLoader.Load(files.ProjectRoot, Path.Combine(files.ProjectRoot, ".gsd"));

        loaded.SourceFiles.Count.ShouldBe(1);
        loaded.Warnings.Count.ShouldBe(1);
    }

    [Fact]
    public void Gsd_home_argument_then_environment_then_the_user_profile()
    {
        PreferencePaths.ResolveGsdHome("/a/home", "/env/home", "/users/me").ShouldBe(Path.GetFullPath("/a/home"));
        PreferencePaths.ResolveGsdHome(null, "/env/home", "/users/me").ShouldBe(Path.GetFullPath("/env/home"));
        PreferencePaths.ResolveGsdHome(null, "", "/users/me").ShouldBe(Path.Combine("/users/me", ".gsd"));
        PreferencePaths.ResolveGsdHome("  ", null, "/users/me").ShouldBe(Path.Combine("/users/me", ".gsd"));
    }

    [Fact]
    public void The_project_file_is_named_relative_to_the_project_root_in_messages()
    {
        using var files = new PreferenceFiles();
        files.ProjectYaml("parallel:\n  max_workers: 9\n");

        files.LoadFails().Errors.Single().File.ShouldBe(Path.Combine(".gsd", "PREFERENCES.md"));
    }

    [Fact]
    public void The_global_file_is_named_by_its_path_in_messages()
    {
        using var files = new PreferenceFiles();
        var path = files.GlobalYaml("parallel:\n  max_workers: 9\n");

        var error = files.LoadFails().Errors.Single();

        error.File.ShouldBe(path);
        error.Message.ShouldBe($"{path}:3: parallel.max_workers: 9 — must be 1-4");
    }

    [Fact]
    public void Agent_preferences_compare_their_lists_by_content()
    {
        var a = new AgentPreferences { Command = ["x", "y"], Args = ["--z"] };
        var b = new AgentPreferences { Command = new List<string> { "x", "y" }, Args = new[] { "--z" } };

        a.ShouldBe(b);
        a.GetHashCode().ShouldBe(b.GetHashCode());
        a.ShouldNotBe(b with { Args = ["--other"] });
    }
}
