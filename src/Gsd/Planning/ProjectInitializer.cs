using Gsd.IO;
using Gsd.Layout;

namespace Gsd.Planning;

public sealed record InitResult(IReadOnlyList<string> Created, IReadOnlyList<string> Updated);

/// <summary>Creates the .gsd/ layout; never overwrites a file the user has.</summary>
public static class ProjectInitializer
{
    /// <summary>Runtime files a worker or coordinator writes; planning files stay tracked.</summary>
    public static readonly IReadOnlyList<string> RuntimeIgnores = ["parallel/", "worktrees/", "auto.lock", "metrics.json", "*.lock", "activity/", "reports/"];

    public static InitResult Initialize(string directory)
    {
        var created = new List<string>();
        var updated = new List<string>();
        var gsd = GsdPaths.GsdDirectory(directory);
        if (!Directory.Exists(gsd))
        {
            Directory.CreateDirectory(gsd);
            created.Add(".gsd/");
        }
        var milestones = Path.Combine(gsd, "milestones");
        if (!Directory.Exists(milestones))
        {
            Directory.CreateDirectory(milestones);
            // Git does not track empty folders; a keep file lets a fresh clone see the layout.
            AtomicFile.TryCreateNew(Path.Combine(milestones, ".gitkeep"), string.Empty);
            created.Add(".gsd/milestones/");
        }
        var prefs = Path.Combine(gsd, "PREFERENCES.md");
        // A legacy lowercase preferences.md is the user's file too: do not add a second one beside it.
        if (!File.Exists(prefs) && !File.Exists(Path.Combine(gsd, "preferences.md"))
            && AtomicFile.TryCreateNew(prefs, Preferences.PreferencesTemplate.Render()))
        {
            created.Add(".gsd/PREFERENCES.md");
        }
        var ignore = Path.Combine(gsd, ".gitignore");
        if (!File.Exists(ignore))
        {
            if (AtomicFile.TryCreateNew(ignore, GitIgnoreText(RuntimeIgnores)))
            {
                created.Add(".gsd/.gitignore");
            }
        }
        else
        {
            var existing = File.ReadAllText(ignore);
            var missing = MissingIgnores(existing);
            if (missing.Count > 0)
            {
                var sep = existing.Length == 0 || existing.EndsWith('\n') ? string.Empty : "\n";
                AtomicFile.WriteAllText(ignore, existing + sep + string.Join('\n', missing) + "\n");
                updated.Add($".gsd/.gitignore (added {string.Join(", ", missing)})");
            }
        }
        return new InitResult(created, updated);
    }

    /// <summary>Runtime entries a .gsd/.gitignore text lacks (exact lines; comments and blanks ignored).</summary>
    public static IReadOnlyList<string> MissingIgnores(string gitignoreText)
    {
        var lines = gitignoreText.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet(StringComparer.Ordinal);
        return RuntimeIgnores.Where(e => !lines.Contains(e) && !lines.Contains("/" + e)).ToList();
    }

    private static string GitIgnoreText(IEnumerable<string> entries) =>
        "# gsd runtime files: written by workers and the coordinator, never committed.\n" + string.Join('\n', entries) + "\n";
}
