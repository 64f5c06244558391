using Gsd.Planning;

namespace Gsd.Doctor;

/// <summary>
/// Runtime files (the same patterns <c>.gsd/.gitignore</c> ignores) must not be tracked: workers rewrite them all the time.
/// The repair is <c>git rm --cached</c>: the index entry goes, the file stays on disk; the user commits the removal.
/// </summary>
internal sealed class TrackedRuntimeFilesCheck : IDoctorCheck
{
    public string Name => "tracked runtime files";

    /// <summary>Pathspecs matching what each ignore line matches below <c>.gsd/</c> (a line without a slash matches at any depth).</summary>
    internal static IReadOnlyList<string> Pathspecs { get; } = ProjectInitializer.RuntimeIgnores
        .Select(e => e.EndsWith('/') ? $":(glob).gsd/**/{e}**" : $":(glob).gsd/**/{e}")
        .ToList();

    public async Task<IReadOnlyList<DoctorIssue>> InspectAsync(DoctorContext context, CancellationToken ct)
    {
        if (context.Git is not { } git)
        {
            return [];
        }
        var tracked = await git.TrackedFilesAsync(Pathspecs, ct).ConfigureAwait(false);
        if (tracked.Count == 0)
        {
            return [];
        }
        return [new DoctorIssue(DoctorCodes.RuntimeFilesTracked, DoctorSeverity.Error,
            $"{tracked.Count} gsd runtime file(s) are tracked by git: {DoctorContext.List(tracked)}. Workers rewrite them constantly, "
            + "so checkouts always look changed and they can land in commits and merges")
        {
            Fix = async token =>
            {
                var still = await git.TrackedFilesAsync(Pathspecs, token).ConfigureAwait(false);
                if (still.Count == 0)
                {
                    return FixResult.Skipped("no longer tracked");
                }
                await git.UntrackAsync(still, token).ConfigureAwait(false);
                return FixResult.Done($"untracked {still.Count} file(s) with `git rm --cached` (they stay on disk); commit that: git commit -m 'Stop tracking gsd runtime files'");
            },
        }];
    }
}
