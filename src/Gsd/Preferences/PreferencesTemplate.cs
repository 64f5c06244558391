using System.Text;

namespace Gsd.Preferences;

/// <summary>
/// The PREFERENCES.md <c>gsd init</c> writes: every key present, commented out, showing its default
/// and what it allows, so the file loads to <see cref="GsdPreferences.Default"/> and any single
/// line can be uncommented as it stands.
/// </summary>
public static class PreferencesTemplate
{
    public static string Render()
    {
        var keys = PreferenceSchema.Keys;
        var width = keys.Max(k => k.Name.Length + k.TemplateValue.Length) + 4;
        var text = new StringBuilder();
        text.Append("---\n");
        text.Append("# gsd settings. Each one is commented out and shows its default; delete the \"# \"\n");
        text.Append("# in front of a setting to use it, then change the value.\n");
        string? section = null;
        foreach (var key in keys)
        {
            if (key.Section != section)
            {
                section = key.Section;
                text.Append(section).Append(":\n");
            }
            var setting = $"{key.Name}: {key.TemplateValue}";
            text.Append("  # ").Append(setting.PadRight(width)).Append("# ").Append(key.Comment).Append('\n');
        }
        text.Append("---\n");
        text.Append(Prose);
        return text.ToString();
    }

    private const string Prose = """

        # gsd preferences

        gsd reads the settings between the `---` lines above; the rest of this file is free text.

        - `~/.gsd/PREFERENCES.md` (or `$GSD_HOME/PREFERENCES.md`) holds your personal defaults;
          this file overrides them key by key.
        - `parallel` controls `gsd parallel`: whether it may run, how many milestones run at once,
          the spending ceiling for a run, and how finished milestones are merged back.
        - `agent` picks the coding agent each unit of work is handed to, and how long one run may take.
        - `git` names the integration branch and commands to run on merged results and new worktrees.

        A bad value stops gsd with a message naming this file, the line and what is allowed.
        Keys gsd does not know (GSD-2's own settings, for example) only produce a warning.

        """;
}
