namespace Gsd.Tests.Preferences;

/// <summary>Every bad value is an error naming the file, the line, the dotted key, the value and what is allowed.</summary>
public sealed class PreferenceErrorTests
{
    private static readonly string ProjectFile = Path.Combine(".gsd", "PREFERENCES.md");

    // Columns: frontmatter YAML, file line of the bad value, dotted key, value as shown, part of "what is allowed".
    // The frontmatter starts on line 2 (line 1 is the opening fence).
    [Theory]
    [InlineData("parallel:\n  enabled: yes\n", 3, "parallel.enabled", "yes", "must be true or false")]
    [InlineData("parallel:\n  enabled: 1\n", 3, "parallel.enabled", "1", "must be true or false")]
    [InlineData("parallel:\n  enabled: \"true\"\n", 3, "parallel.enabled", "\"true\"", "must be true or false")]
    [InlineData("parallel:\n  enabled: ~\n", 3, "parallel.enabled", "~", "must be true or false")]
    [InlineData("parallel:\n  max_workers: 9\n", 3, "parallel.max_workers", "9", "must be 1-4")]
    [InlineData("parallel:\n  max_workers: 0\n", 3, "parallel.max_workers", "0", "must be 1-4")]
    [InlineData("parallel:\n  max_workers: -1\n", 3, "parallel.max_workers", "-1", "must be 1-4")]
    [InlineData("parallel:\n  max_workers: two\n", 3, "parallel.max_workers", "two", "must be 1-4")]
    [InlineData("parallel:\n  max_workers: 2.5\n", 3, "parallel.max_workers", "2.5", "must be 1-4")]
    [InlineData("parallel:\n  max_workers: '3'\n", 3, "parallel.max_workers", "\"3\"", "must be 1-4")]
    [InlineData("parallel:\n  max_workers: 99999999999999999999\n", 3, "parallel.max_workers", "99999999999999999999", "must be 1-4")]
    [InlineData("parallel:\n  max_workers:\n", 3, "parallel.max_workers", "(empty)", "must be 1-4")]
    [InlineData("parallel:\n  budget_ceiling: 0\n", 3, "parallel.budget_ceiling", "0", "greater than 0")]
    [InlineData("parallel:\n  budget_ceiling: -5\n", 3, "parallel.budget_ceiling", "-5", "greater than 0")]
    [InlineData("parallel:\n  budget_ceiling: $50\n", 3, "parallel.budget_ceiling", "$50", "must be a number of USD")]
    [InlineData("parallel:\n  budget_ceiling: lots\n", 3, "parallel.budget_ceiling", "lots", "or null for no ceiling")]
    [InlineData("parallel:\n  budget_ceiling: .inf\n", 3, "parallel.budget_ceiling", ".inf", "must be a number of USD")]
    [InlineData("parallel:\n  budget_ceiling: \"50\"\n", 3, "parallel.budget_ceiling", "\"50\"", "must be a number of USD")]
    [InlineData("parallel:\n  merge_strategy: squash\n", 3, "parallel.merge_strategy", "squash", "must be per-milestone or per-slice")]
    [InlineData("parallel:\n  merge_strategy: per_milestone\n", 3, "parallel.merge_strategy", "per_milestone", "must be per-milestone or per-slice")]
    [InlineData("parallel:\n  auto_merge: yes\n", 3, "parallel.auto_merge", "yes", "must be auto, confirm or manual")]
    [InlineData("parallel:\n  auto_merge: [auto]\n", 3, "parallel.auto_merge", "a list", "must be auto, confirm or manual")]
    [InlineData("parallel:\n  max_restarts: -1\n", 3, "parallel.max_restarts", "-1", "must be a whole number, 0 or more")]
    [InlineData("parallel:\n  max_restarts: 1.5\n", 3, "parallel.max_restarts", "1.5", "must be a whole number, 0 or more")]
    [InlineData("agent:\n  kind: claud\n", 3, "agent.kind", "claud", "must be claude, codex, command or sim")]
    [InlineData("agent:\n  kind: \"\"\n", 3, "agent.kind", "\"\"", "must be claude, codex, command or sim")]
    [InlineData("agent:\n  command: my-agent --fast\n", 3, "agent.command", "my-agent --fast", "must be a list of strings (the agent's argv)")]
    [InlineData("agent:\n  command:\n    exe: my-agent\n", 4, "agent.command", "a map", "must be a list of strings")]
    [InlineData("agent:\n  command: [~]\n", 3, "agent.command[0]", "~", "must be a string")]
    [InlineData("agent:\n  command: [\"\", x]\n", 3, "agent.command[0]", "\"\"", "must name the program to run")]
    [InlineData("agent:\n  command:\n    - run\n    - [nested]\n", 5, "agent.command[1]", "a list", "must be a string")]
    [InlineData("agent:\n  model: \"\"\n", 3, "agent.model", "\"\"", "must be a model name, or null")]
    [InlineData("agent:\n  model: {name: opus}\n", 3, "agent.model", "a map", "must be a model name, or null")]
    [InlineData("agent:\n  args: --verbose\n", 3, "agent.args", "--verbose", "must be a list of strings, e.g. [--verbose]")]
    [InlineData("agent:\n  args: [ok, {bad: 1}]\n", 3, "agent.args[1]", "a map", "must be a string")]
    [InlineData("agent:\n  unit_timeout: 30\n", 3, "agent.unit_timeout", "30", "must be a duration greater than 0")]
    [InlineData("agent:\n  unit_timeout: 30x\n", 3, "agent.unit_timeout", "30x", "like 500ms, 90s, 30m, 1h or 1h30m")]
    [InlineData("agent:\n  unit_timeout: 0s\n", 3, "agent.unit_timeout", "0s", "greater than 0")]
    [InlineData("agent:\n  unit_timeout: -5m\n", 3, "agent.unit_timeout", "-5m", "greater than 0")]
    [InlineData("agent:\n  unit_timeout: 1h30\n", 3, "agent.unit_timeout", "1h30", "must be a duration")]
    [InlineData("agent:\n  unit_timeout: 30 m\n", 3, "agent.unit_timeout", "30 m", "must be a duration")]
    [InlineData("agent:\n  unit_timeout: 25h\n", 3, "agent.unit_timeout", "25h", "at most 24h")]
    [InlineData("agent:\n  unit_timeout: 99999999999999h\n", 3, "agent.unit_timeout", "99999999999999h", "must be a duration")]
    [InlineData("agent:\n  transient_retry_for: 0s\n", 3, "agent.transient_retry_for", "0s", "greater than 0")]
    [InlineData("agent:\n  transient_retry_for: soon\n", 3, "agent.transient_retry_for", "soon", "like 30s, 10m or 1h")]
    [InlineData("agent:\n  transient_retry_for: 25h\n", 3, "agent.transient_retry_for", "25h", "at most 24h")]
    [InlineData("agent:\n  permission_mode: yolo\n", 3, "agent.permission_mode", "yolo", "must be acceptEdits, auto, bypassPermissions")]
    [InlineData("agent:\n  allowed_tools: Bash\n", 3, "agent.allowed_tools", "Bash", "must be a list of tool names")]
    [InlineData("agent:\n  unit_timeout:\n", 3, "agent.unit_timeout", "(empty)", "must be a duration")]
    [InlineData("git:\n  main_branch: -evil\n", 3, "git.main_branch", "-evil", "must be a branch name")]
    [InlineData("git:\n  main_branch: my branch\n", 3, "git.main_branch", "my branch", "no spaces")]
    [InlineData("git:\n  main_branch: a..b\n", 3, "git.main_branch", "a..b", "must be a branch name")]
    [InlineData("git:\n  main_branch: [main]\n", 3, "git.main_branch", "a list", "must be a branch name")]
    [InlineData("git:\n  pre_merge_check: {run: make}\n", 3, "git.pre_merge_check", "a map", "must be a shell command, or null")]
    [InlineData("git:\n  pre_merge_check: [make, test]\n", 3, "git.pre_merge_check", "a list", "must be a shell command, or null")]
    [InlineData("git:\n  pre_merge_check: \" \"\n", 3, "git.pre_merge_check", "\" \"", "must be a shell command, or null")]
    [InlineData("git:\n  worktree_post_create:\n    cmd: npm ci\n", 4, "git.worktree_post_create", "a map", "must be a shell command, or null")]
    [InlineData("parallel: true\n", 2, "parallel", "true", "must be a map of settings: enabled, max_workers, budget_ceiling")]
    [InlineData("agent: claude\n", 2, "agent", "claude", "must be a map of settings: kind, command, model, args, unit_timeout")]
    [InlineData("git:\n  - main\n", 3, "git", "a list", "must be a map of settings: main_branch, pre_merge_check, worktree_post_create")]
    public void A_bad_value_names_file_line_key_value_and_what_is_allowed(string yaml, int line, string key, string shown, string allowed)
    {
        using var files = new PreferenceFiles();
        files.ProjectYaml(yaml);

        var ex = files.LoadFails();

        var error = ex.Errors.ShouldHaveSingleItem();
        error.File.ShouldBe(ProjectFile);
        error.Line.ShouldBe(line);
        error.Key.ShouldBe(key);
        error.Value.ShouldBe(shown);
        error.Problem.ShouldContain(allowed);
        error.Message.ShouldStartWith($"{ProjectFile}:{line}: {key}: {shown} — ");
        ex.Message.ShouldBe(error.Message);
    }

    [Fact]
    public void The_message_reads_as_the_design_shows_it()
    {
        using var files = new PreferenceFiles();
        files.ProjectYaml("parallel:\n  max_workers: 9\n");

        files.LoadFails().Message.ShouldBe($"{ProjectFile}:3: parallel.max_workers: 9 — must be 1-4");
    }

    [Fact]
    public void A_preferences_error_is_a_usage_error()
    {
        using var files = new PreferenceFiles();
        files.ProjectYaml("parallel:\n  max_workers: 9\n");

        var ex = files.LoadFails();

        ex.ShouldBeAssignableTo<GsdException>();
        ex.ExitCode.ShouldBe(ExitCodes.Usage);
    }

    [Fact]
    public void All_errors_of_a_file_are_reported_together_in_file_order()
    {
        using var files = new PreferenceFiles();
        files.ProjectYaml("""
            parallel:
              max_workers: 9
              auto_merge: sometimes
            agent:
              unit_timeout: forever
              args: [ok, ~]
            git:
              main_branch: -x

            """);

        var ex = files.LoadFails();

        ex.Errors.Select(e => (e.Line, e.Key)).ShouldBe([
            (3, "parallel.max_workers"),
            (4, "parallel.auto_merge"),
            (6, "agent.unit_timeout"),
            (7, "agent.args[1]"),
            (9, "git.main_branch"),
        ]);
        ex.Message.ShouldStartWith("Invalid preferences (5 errors):");
        foreach (var error in ex.Errors)
        {
            ex.Message.ShouldContain(error.Message);
        }
    }

    [Fact]
    public void Errors_of_the_global_and_the_project_file_are_reported_together()
    {
        using var files = new PreferenceFiles();
        var global = files.GlobalYaml("parallel:\n  max_restarts: lots\n");
        files.ProjectYaml("agent:\n  kind: gpt\n");

        var ex = files.LoadFails();

        ex.Errors.Select(e => (e.File, e.Line, e.Key)).ShouldBe([
            (global, 3, "parallel.max_restarts"),
            (ProjectFile, 3, "agent.kind"),
        ]);
    }

    [Fact]
    public void Kind_command_without_a_command_is_an_error_at_the_kind_line()
    {
        using var files = new PreferenceFiles();
        files.ProjectYaml("agent:\n  model: x\n  kind: command\n");

        var error = files.LoadFails().Errors.ShouldHaveSingleItem();

        error.Message.ShouldBe($"{ProjectFile}:4: agent.command: (not set) — must not be empty when agent.kind is command: give the agent's argv, e.g. [my-agent, --flag]");
    }

    [Fact]
    public void Kind_command_with_an_empty_command_is_an_error_at_the_command_line()
    {
        using var files = new PreferenceFiles();
        files.ProjectYaml("agent:\n  kind: command\n  command: []\n");

        var error = files.LoadFails().Errors.ShouldHaveSingleItem();

        error.Line.ShouldBe(4);
        error.Key.ShouldBe("agent.command");
        error.Value.ShouldBe("[]");
        error.Problem.ShouldContain("must not be empty when agent.kind is command");
    }

    [Fact]
    public void An_empty_command_is_fine_for_other_kinds()
    {
        using var files = new PreferenceFiles();
        files.ProjectYaml("agent:\n  kind: sim\n  command: []\n");

        files.Load().Preferences.Agent.Kind.ShouldBe("sim");
    }

    [Fact]
    public void Frontmatter_that_is_not_a_map_is_an_error()
    {
        using var files = new PreferenceFiles();
        files.ProjectYaml("- parallel\n- agent\n");

        var error = files.LoadFails().Errors.ShouldHaveSingleItem();

        error.Message.ShouldBe($"{ProjectFile}:2: the frontmatter must be a map of settings (parallel:, agent:, git:), not a list");
    }

    [Fact]
    public void Frontmatter_that_is_never_closed_is_an_error()
    {
        using var files = new PreferenceFiles();
        files.Project("---\nparallel:\n  max_workers: 3\n\n# Notes\n");

        var error = files.LoadFails().Errors.ShouldHaveSingleItem();

        error.Line.ShouldBe(1);
        error.Message.ShouldContain("never closed");
    }

    [Fact]
    public void Malformed_yaml_names_the_file_and_line()
    {
        using var files = new PreferenceFiles();
        files.ProjectYaml("parallel:\n  enabled: true\n  max_workers: 2\n agent: x\n");

        var error = files.LoadFails().Errors.ShouldHaveSingleItem();

        error.Key.ShouldBeNull();
        error.Line.ShouldBe(5);
        error.Message.ShouldStartWith($"{ProjectFile}:5: malformed YAML: ");
    }

    [Fact]
    public void A_tab_used_as_indentation_is_malformed_yaml()
    {
        using var files = new PreferenceFiles();
        files.ProjectYaml("agent:\n  kind: sim\ngit:\n\tmain_branch: x\n");

        var error = files.LoadFails().Errors.ShouldHaveSingleItem();

        error.Message.ShouldStartWith($"{ProjectFile}:");
        error.Message.ShouldBe($"{ProjectFile}:5: malformed YAML: While scanning a mapping, found invalid tab as indentation.");
    }

    [Fact]
    public void An_unclosed_bracket_is_malformed_yaml_with_a_line()
    {
        using var files = new PreferenceFiles();
        files.ProjectYaml("parallel:\n  enabled: true\nagent:\n  args: [--a, --b\ngit:\n  main_branch: x\n");

        var error = files.LoadFails().Errors.ShouldHaveSingleItem();

        error.Message.ShouldStartWith($"{ProjectFile}:");
        error.Message.ShouldContain("malformed YAML");
        error.Line.ShouldBeInRange(5, 7);
    }

    [Fact]
    public void A_duplicate_key_is_malformed_yaml_at_the_second_occurrence()
    {
        using var files = new PreferenceFiles();
        files.ProjectYaml("parallel:\n  max_workers: 2\n  max_workers: 3\n");

        var error = files.LoadFails().Errors.ShouldHaveSingleItem();

        error.Message.ShouldBe($"{ProjectFile}:4: malformed YAML: Duplicate key max_workers");
    }

    [Fact]
    public void A_malformed_global_file_still_lets_the_project_file_report_its_errors()
    {
        using var files = new PreferenceFiles();
        files.Global("---\nparallel: [\n---\n");
        files.ProjectYaml("parallel:\n  max_workers: 7\n");

        var ex = files.LoadFails();

        ex.Errors.Count.ShouldBe(2);
        ex.Errors[0].Message.ShouldContain("malformed YAML");
        ex.Errors[1].Key.ShouldBe("parallel.max_workers");
    }
}
