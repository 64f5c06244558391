using System.Globalization;
using Gsd.IO;
using Gsd.Layout;

namespace Gsd.Planning;

/// <summary>Creates the next milestone directory with its CONTEXT file.</summary>
public static class MilestoneCreator
{
    public static string Create(string projectRoot, string title, IReadOnlyList<string> dependsOn)
    {
        title = title.Trim();
        if (title.Length == 0 || title.Contains('\n', StringComparison.Ordinal))
        {
            throw new GsdException("milestone new: the title must be one non-empty line.", ExitCodes.Usage);
        }
        var milestonesDir = GsdPaths.MilestonesDirectory(projectRoot);
        Directory.CreateDirectory(milestonesDir);
        var existing = Directory.EnumerateDirectories(milestonesDir)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(MilestoneId.IsValid)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var dep in dependsOn)
        {
            if (!MilestoneId.IsValid(dep))
            {
                throw new GsdException($"--depends-on: '{dep}' is not a milestone id (expected M### such as M001).", ExitCodes.Usage);
            }
            if (!existing.Contains(dep))
            {
                var known = existing.Count == 0 ? "there are no milestones yet" : "known: " + string.Join(", ", existing.Order(StringComparer.Ordinal));
                throw new GsdException($"--depends-on: unknown milestone {dep} ({known}).", ExitCodes.Usage);
            }
        }
        var next = existing.Select(id => int.Parse(id.AsSpan(1, 3), CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max() + 1;
        if (next > 999)
        {
            throw new GsdException("milestone new: M999 is the last milestone id; there is no room for another.", ExitCodes.Usage);
        }
        var id = $"M{next:000}";
        var dir = Path.Combine(milestonesDir, id);
        Directory.CreateDirectory(dir);
        var deps = dependsOn.Count == 0 ? "[]" : "[" + string.Join(", ", dependsOn) + "]";
        var context = $"""
            ---
            depends_on: {deps}
            ---

            # {id}: {title}

            ## Goal

            Describe what this milestone delivers and how you will know it is done.

            """;
        if (!AtomicFile.TryCreateNew(Path.Combine(dir, $"{id}-CONTEXT.md"), context))
        {
            throw new GsdException($"{id}-CONTEXT.md appeared while it was being created; nothing was overwritten. Run the command again.");
        }
        return id;
    }
}
