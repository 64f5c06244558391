using Gsd.Layout;
using Gsd.Preferences;
using Gsd.Tests.Support;

namespace Gsd.Tests.Preferences;

/// <summary>A temp GSD_HOME and a temp project root, with helpers to write their PREFERENCES.md and load them.</summary>
public sealed class PreferenceFiles : IDisposable
{
    private readonly TempDir _home = new("gsd-home");
    private readonly TempDir _project = new("gsd-proj");

    public string Home => _home.Path;

    public string ProjectRoot => _project.Path;

    /// <summary>Wraps YAML in the <c>---</c> fences with some prose after it, as a real file has.</summary>
    public static string WithFrontmatter(string yaml) => $"---\n{yaml}---\n\n# Notes\n\nFree prose: key: value lines here are not settings.\n";

    public string Project(string contents, string name = PreferencePaths.FileName) =>
        _project.Write(Path.Combine(".gsd", name), contents);

    public string Global(string contents, string name = PreferencePaths.FileName) =>
        _home.Write(name, contents);

    public string ProjectYaml(string yaml) => Project(WithFrontmatter(yaml));

    public string GlobalYaml(string yaml) => Global(WithFrontmatter(yaml));

    public LoadedPreferences Load() => PreferencesLoader.Load(ProjectRoot, Home);

    public PreferencesException LoadFails() => Should.Throw<PreferencesException>(() => Load());

    public void Dispose()
    {
        _home.Dispose();
        _project.Dispose();
    }
}
