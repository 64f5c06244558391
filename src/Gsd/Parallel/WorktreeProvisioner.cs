using Gsd.Agents;
using Gsd.Git;
using Gsd.IO;
using Gsd.Planning;
using Gsd.Preferences;

namespace Gsd.Parallel;

/// <summary>
/// Gives a milestone its worktree <c>.gsd/worktrees/&lt;MID&gt;/</c> on <c>milestone/&lt;MID&gt;</c> (reusing an existing branch,
/// fast-forwarded only when strictly behind), records the integration branch in META and runs git.worktree_post_create.
/// </summary>
public sealed class WorktreeProvisioner(ParallelPaths paths, GsdPreferences prefs)
{
    public async Task<string> EnsureAsync(string milestoneId)
    {
        var worktree = paths.Worktree(milestoneId);
        var branch = ParallelPaths.Branch(milestoneId);
        var repo = new GitRepository(paths.ProjectRoot);
        var integration = await IntegrationBranchAsync(repo).ConfigureAwait(false);
        var manager = new WorktreeManager(paths.ProjectRoot);
        await manager.AddAsync(worktree, branch, integration).ConfigureAwait(false);
        var meta = PlanningFiles.Meta(worktree, milestoneId);
        if (Directory.Exists(Path.GetDirectoryName(meta)))
        {
            AtomicFile.WriteAllText(meta, $"{{\n  \"integrationBranch\": \"{integration}\"\n}}\n");
        }
        if (prefs.Git.WorktreePostCreate is { Length: > 0 } hook)
        {
            var result = await ShellCommand.RunAsync(hook, worktree, TimeSpan.FromMinutes(10), new Dictionary<string, string?>
            {
                ["GSD_MILESTONE_ID"] = milestoneId,
                ["GSD_WORKTREE"] = worktree,
                ["GSD_PROJECT_ROOT"] = paths.ProjectRoot,
            }).ConfigureAwait(false);
            if (!result.Success)
            {
                throw new GsdException($"git.worktree_post_create `{hook}` failed in {worktree} (exit {result.ExitCode}):\n{ShellCommand.Tail(result.Output, 20)}");
            }
        }
        return worktree;
    }

    /// <summary>git.main_branch, else the branch checked out in the project root.</summary>
    public async Task<string> IntegrationBranchAsync(GitRepository repo) =>
        prefs.Git.MainBranch ?? await repo.CurrentBranchAsync().ConfigureAwait(false)
        ?? throw new GsdException($"{paths.ProjectRoot} is on a detached HEAD: check out the branch milestones should merge into, or set git.main_branch in .gsd/PREFERENCES.md.", ExitCodes.Usage);
}
