using Gsd.Layout;
using Gsd.Preferences;
using Gsd.Tests.Support;

namespace Gsd.Tests.Preferences;

/// <summary>Preference files from real GSD-2 projects (../shared/fixtures/gsd-real) load without errors.</summary>
public sealed class RealPreferenceFilesTests
{
    [Fact]
    public void Every_real_preferences_file_loads_without_errors()
    {
        var fixtures = RequireFixtures();
        var projects = Directory.EnumerateDirectories(fixtures)
            .Where(dir => PreferencePaths.FindProjectFile(dir) is not null)
            .ToList();
        projects.ShouldNotBeEmpty("the fixtures hold GSD projects with preferences files");

        using var home = new TempDir("gsd-home");
        var failures = new List<string>();
        foreach (var project in projects)
        {
            try
            {
                var loaded = PreferencesLoader.Load(project, home.Path);
                loaded.SourceFiles.Count.ShouldBe(1);
                loaded.Warnings.ShouldAllBe(w => w.Line > 1 && w.Message.StartsWith(w.File + ":", StringComparison.Ordinal));
            }
            catch (PreferencesException ex)
            {
                failures.Add($"{Path.GetFileName(project)}: {ex.Message}");
            }
        }
        failures.ShouldBeEmpty();
    }

    [Fact]
    public void Zoumo_mass_reads_its_parallel_section_and_ignores_gsd2_values()
    {
        var project = Path.Combine(RequireFixtures(), "zoumo__mass");
        if (!Directory.Exists(project))
        {
            Assert.Skip("fixture zoumo__mass is not present");
        }
        using var home = new TempDir("gsd-home");

        var loaded = PreferencesLoader.Load(project, home.Path);

        loaded.Preferences.Parallel.Enabled.ShouldBeTrue();
        loaded.Preferences.Parallel.MaxWorkers.ShouldBe(3);
        loaded.Preferences.Git.PreMergeCheck.ShouldBeNull(); // GSD-2's "auto", not a command
        loaded.Warnings.ShouldContain(w => w.Key == "git.pre_merge_check" && w.Kind == PreferenceWarningKind.Gsd2Setting);
        loaded.Warnings.ShouldContain(w => w.Key == "post_unit_hooks" && w.Kind == PreferenceWarningKind.Gsd2Setting);
        loaded.Warnings.ShouldContain(w => w.Key == "git.merge_strategy");
        loaded.SourceFiles.ShouldBe([Path.Combine(project, ".gsd", "preferences.md")]);
    }

    [Fact]
    public void Azure_in_memory_reads_its_main_branch()
    {
        var project = Path.Combine(RequireFixtures(), "Forgate-Labs__Azure.InMemory");
        if (!Directory.Exists(project))
        {
            Assert.Skip("fixture Forgate-Labs__Azure.InMemory is not present");
        }
        using var home = new TempDir("gsd-home");

        var loaded = PreferencesLoader.Load(project, home.Path);

        loaded.Preferences.Git.MainBranch.ShouldBe("main");
        loaded.Warnings.ShouldNotContain(w => w.Kind == PreferenceWarningKind.UnknownKey);
        loaded.Warnings.Select(w => w.Key).ShouldContain("custom_instructions");
    }

    private static string RequireFixtures()
    {
        var fixtures = SharedFixtures.GsdRealDirectory;
        if (fixtures is null)
        {
            Assert.Skip("../shared/fixtures/gsd-real is not present (set GSD_SHARED_DIR to run the real-project tests)");
        }
        return fixtures;
    }
}
