using Gsd.Git;
using Gsd.Layout;

namespace Gsd.Auto;

/// <summary>
/// Commits one unit's work: the code (everything outside .gsd/) and this milestone's own planning directory —
/// never runtime files or other milestones' planning files (ARCHITECTURE §4).
/// </summary>
public sealed class UnitCommitter(string checkout)
{
    private readonly GitRunner _git = new(checkout);

    /// <summary>Returns the new commit id, or null when the unit changed nothing.</summary>
    public async Task<string?> CommitAsync(string subject, string unitId, string milestoneId, CancellationToken ct = default)
    {
        // Two adds: an exclude pathspec would also exclude the milestone's own directory inside .gsd/.
        await _git.RunAsync(["add", "-A", "--", ".", ":(exclude).gsd"], ct: ct).ConfigureAwait(false);
        var ownDir = OwnDirectory(milestoneId);
        if (Directory.Exists(Path.Combine(checkout, ownDir)))
        {
            // Leftover temp files of an atomic write that a kill interrupted are not planning files.
            await _git.RunAsync(["add", "-A", "--", ownDir, $":(exclude,glob){ownDir}/**/.*.tmp"], ct: ct).ConfigureAwait(false);
        }
        if (!await UnstageForeignPlanningFilesAsync(ownDir, ct).ConfigureAwait(false))
        {
            return null;
        }
        var message = $"{subject}\n\nGSD-Unit: {unitId}\nGSD-Milestone: {milestoneId}\n";
        await _git.RunAsync(["commit", "-q", "-F", "-"], stdIn: message, ct: ct).ConfigureAwait(false);
        return (await _git.RunAsync(["rev-parse", "HEAD"], ct: ct).ConfigureAwait(false)).Trim();
    }

    /// <summary>Paths with uncommitted changes that a unit commit would take (runtime files excluded).</summary>
    public async Task<IReadOnlyList<string>> PendingChangesAsync(string milestoneId, CancellationToken ct = default)
    {
        var (code, planning) = await PendingByKindAsync(milestoneId, ct).ConfigureAwait(false);
        return code.Concat(planning).ToList();
    }

    /// <summary>The same paths, split: code (outside .gsd/) and this milestone's own planning files.</summary>
    public async Task<(IReadOnlyList<string> Code, IReadOnlyList<string> Planning)> PendingByKindAsync(string milestoneId, CancellationToken ct = default)
    {
        var code = await _git.RunAsync(["status", "--porcelain", "-z", "--untracked-files=all", "--", ".", ":(exclude).gsd"], ct: ct).ConfigureAwait(false);
        var own = await _git.RunAsync(["status", "--porcelain", "-z", "--untracked-files=all", "--", OwnDirectory(milestoneId)], ct: ct).ConfigureAwait(false);
        return (ParsePorcelainZ(code).ToList(), ParsePorcelainZ(own).ToList());
    }

    private static string OwnDirectory(string milestoneId) => GsdPaths.RelativeMilestoneDirectory(milestoneId);

    /// <summary>
    /// An agent may have staged files itself (`git add -A` by a tool call): whatever it staged under .gsd/ outside this
    /// milestone's directory — runtime files, other milestones, preferences — is taken out of the index again.
    /// Returns whether anything is left to commit.
    /// </summary>
    private async Task<bool> UnstageForeignPlanningFilesAsync(string ownDir, CancellationToken ct)
    {
        var staged = (await _git.RunAsync(["diff", "--cached", "--name-only", "--no-renames", "-z"], ct: ct).ConfigureAwait(false))
            .Split('\0', StringSplitOptions.RemoveEmptyEntries);
        var foreign = staged
            .Where(p => GsdPaths.IsGsdPath(p) && !p.StartsWith(ownDir + "/", StringComparison.Ordinal))
            .ToList();
        if (foreign.Count > 0)
        {
            await _git.RunAsync(["--literal-pathspecs", "reset", "-q", "--", .. foreign], ct: ct).ConfigureAwait(false);
        }
        return staged.Length > foreign.Count;
    }

    private static IEnumerable<string> ParsePorcelainZ(string text)
    {
        var parts = text.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var entry = parts[i];
            if (entry.Length < 4)
            {
                continue;
            }
            yield return entry[3..];
            // A rename or copy carries its source path as the next field.
            if (entry[0] is 'R' or 'C')
            {
                i++;
            }
        }
    }
}
