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
    private int _commits;

    /// <summary>
    /// Returns the new commit id, or null when the unit changed nothing. Three git starts: one status read decides what
    /// to stage (code outside .gsd/ and this milestone's own directory, never temp files of an interrupted atomic write)
    /// and what an agent staged that does not belong (other .gsd/ paths, unstaged again); one add; one commit. The new
    /// commit id is read from HEAD's files where git keeps them plainly.
    /// </summary>
    public async Task<string?> CommitAsync(string subject, string unitId, string milestoneId, CancellationToken ct = default)
    {
        var ownDir = OwnDirectory(milestoneId);
        var status = GitRepository.ParseStatus(
            await _git.RunAsync(["status", "--porcelain=v1", "-z", "--untracked-files=all"], ct: ct).ConfigureAwait(false));
        var toStage = new SortedSet<string>(StringComparer.Ordinal);
        var foreign = new SortedSet<string>(StringComparer.Ordinal);
        var stagedOwn = false;
        foreach (var entry in status)
        {
            if (entry.IsIgnored)
            {
                continue;
            }
            var staged = entry.IndexStatus is not (' ' or '?');
            foreach (var path in entry.Paths)
            {
                var isForeign = GsdPaths.IsGsdPath(path) && !path.StartsWith(ownDir + "/", StringComparison.Ordinal);
                if (isForeign)
                {
                    if (staged)
                    {
                        foreign.Add(path);
                    }
                    continue;
                }
                stagedOwn |= staged;
                if (!IsInterruptedWrite(path))
                {
                    toStage.Add(path);
                }
            }
        }
        if (foreign.Count > 0)
        {
            await _git.RunAsync(["--literal-pathspecs", "reset", "-q", "--", .. foreign], ct: ct).ConfigureAwait(false);
        }
        if (toStage.Count == 0 && !stagedOwn)
        {
            return null;
        }
        if (toStage.Count > 0)
        {
            await _git.RunAsync(["--literal-pathspecs", "add", "-A", "--pathspec-from-file=-", "--pathspec-file-nul"],
                stdIn: string.Join('\0', toStage) + "\0", ct: ct).ConfigureAwait(false);
        }
        var message = $"{subject}\n\nGSD-Unit: {unitId}\nGSD-Milestone: {milestoneId}\n";
        // git's housekeeping after each commit (a `git maintenance run --auto` child, ~2 ms) is deferred to the end of the
        // worker's run (RunDeferredMaintenanceAsync): once per run instead of once per unit.
        string[] commitArgs = ["-c", "maintenance.auto=false", "commit", "-q", "-F", "-"];
        var commit = await _git.TryRunAsync(commitArgs, stdIn: message, ct: ct).ConfigureAwait(false);
        if (!commit.Success)
        {
            // Changes that cancel out once staged (a file deleted and re-created as it was) leave nothing to commit.
            var diff = await _git.TryRunAsync(["diff", "--cached", "--quiet"], ct: ct).ConfigureAwait(false);
            if (diff.ExitCode == 0)
            {
                return null;
            }
            throw GitRepository.Failure(commitArgs, commit, checkout);
        }
        _commits++;
        return HeadFile.TryReadCommit(checkout)
            ?? (await _git.RunAsync(["rev-parse", "HEAD"], ct: ct).ConfigureAwait(false)).Trim();
    }

    /// <summary>
    /// The housekeeping git would have run after each of this run's commits (`git maintenance run --auto`: packs loose
    /// objects once they pile up), run once; nothing when no commit was made. Null when it ran, else git's error.
    /// </summary>
    public async Task<string?> RunDeferredMaintenanceAsync(CancellationToken ct = default)
    {
        if (_commits == 0)
        {
            return null;
        }
        var run = await _git.TryRunAsync(["maintenance", "run", "--auto", "--quiet"], ct: ct).ConfigureAwait(false);
        return run.Success ? null : $"git maintenance run --auto failed (exit {run.ExitCode}): {(run.StdErr.Length > 0 ? run.StdErr : run.StdOut).Trim()}";
    }

    /// <summary>A leftover temp file of an atomic write (<c>.name.tmp</c>) that a kill interrupted: not a planning file.</summary>
    private static bool IsInterruptedWrite(string path)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        return GsdPaths.IsGsdPath(path) && name.Length > 5 && name.StartsWith('.') && name.EndsWith(".tmp", StringComparison.Ordinal);
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
