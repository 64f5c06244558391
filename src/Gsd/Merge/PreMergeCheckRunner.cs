using Gsd.Git;
using Gsd.Processes;

namespace Gsd.Merge;

/// <summary>The outcome of <c>git.pre_merge_check</c>: its exit code and the last lines of its combined output.</summary>
internal sealed record PreMergeCheckResult(bool Passed, int ExitCode, string OutputTail);

/// <summary>
/// Runs the user's pre-merge check (a shell command, through <see cref="ShellCommand"/>) on a merge result that is not on any branch yet,
/// in a temporary detached worktree outside the project, removed afterwards whatever happened.
/// </summary>
internal sealed class PreMergeCheckRunner
{
    public const int TailLines = 40;

    private readonly GitRepository _repo;

    public PreMergeCheckRunner(GitRepository repo)
    {
        _repo = repo;
    }

    public async Task<PreMergeCheckResult> RunAsync(string milestoneId, string commit, string command, CancellationToken ct)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"gsd-check-{milestoneId}-{Guid.NewGuid():N}");
        await _repo.Runner.RunAsync(["worktree", "add", "--detach", "--quiet", "--", directory, commit], ct: ct).ConfigureAwait(false);
        try
        {
            var result = await ShellCommand.RunAsync(command, directory, Timeout.InfiniteTimeSpan, new Dictionary<string, string?>
            {
                ["GIT_DIR"] = null,
                ["GIT_WORK_TREE"] = null,
                ["GIT_INDEX_FILE"] = null,
                ["GSD_MERGE_MILESTONE"] = milestoneId,
                ["GSD_MERGE_COMMIT"] = commit,
            }, ct).ConfigureAwait(false);
            return new PreMergeCheckResult(result.ExitCode == 0, result.ExitCode, result.LastLines(TailLines));
        }
        finally
        {
            await RemoveAsync(directory).ConfigureAwait(false);
        }
    }

    private async Task RemoveAsync(string directory)
    {
        // Our own throw-away checkout: build output in it is expected, so --force is right here (and only here).
        var removed = await _repo.Runner.TryRunAsync(["worktree", "remove", "--force", "--", directory], ct: CancellationToken.None).ConfigureAwait(false);
        if (removed.Success)
        {
            return;
        }
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
        await _repo.Runner.RunAsync(["worktree", "prune"], ct: CancellationToken.None).ConfigureAwait(false);
    }
}
