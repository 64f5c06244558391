using Gsd.Tests.Support;

namespace Gsd.Tests.Preferences;

/// <summary>A preferences path that is not a file is an error naming it, never silently read as "no preferences".</summary>
public sealed class PreferencesFileShapeTests
{
    [Fact]
    public async Task A_directory_named_PREFERENCES_md_is_a_usage_error_naming_it_and_nothing_changes()
    {
        using var repo = new GitRepo();
        (await InProcessGsd.RunAsync(repo.Root, "init")).ExitCode.ShouldBe(0);
        var prefs = Path.Combine(repo.Root, ".gsd", "PREFERENCES.md");
        File.Delete(prefs);
        Directory.CreateDirectory(prefs);
        File.WriteAllText(Path.Combine(prefs, "keep.txt"), "mine");

        var r = await InProcessGsd.RunAsync(repo.Root, "parallel", "status");

        r.ExitCode.ShouldBe(ExitCodes.Usage, r.ToString());
        r.StdErr.ShouldContain($"{prefs} is a directory, not a file");
        r.StdErr.ShouldNotContain("   at ");
        File.ReadAllText(Path.Combine(prefs, "keep.txt")).ShouldBe("mine");
    }
}
