using System.Text.Json.Nodes;
using System.Text.Json;
using Gsd.IO;
using Gsd.Layout;
using Gsd.Preferences;
using Gsd.Processes;

namespace Gsd.Git;

/// <summary>
/// Gives a milestone its worktree <c>.gsd/worktrees/&lt;MID&gt;/</c> on <c>milestone/&lt;MID&gt;</c> (reusing an existing branch,
/// fast-forwarded only when strictly behind), records the integration branch in META and runs git.worktree_post_create.
/// </summary>
public sealed class WorktreeProvisioner(ParallelPaths paths, GsdPreferences prefs)
{
    public async Task<ProvisionedWorktree> EnsureAsync(string milestoneId) =>
        await FinishAsync(await RegisterAsync(milestoneId).ConfigureAwait(false)).ConfigureAwait(false);

    /// <summary>
    /// Several milestones' worktrees: registered one at a time (<see cref="WorktreeManager.AddWithoutCheckoutAsync"/>), then
    /// checked out, recorded and post-create-hooked side by side. Each comes back with its worktree or its error as soon as
    /// it is ready (in the order they finish), so its worker can start while the others are still being checked out.
    /// </summary>
    public async IAsyncEnumerable<(string Id, ProvisionedWorktree? Worktree, Exception? Error)> EnsureManyAsync(IReadOnlyList<string> milestoneIds)
    {
        var finishing = new Dictionary<Task<ProvisionedWorktree>, string>();
        foreach (var id in milestoneIds)
        {
            Task<ProvisionedWorktree> finish;
            try
            {
                var pending = await RegisterAsync(id).ConfigureAwait(false);
                finish = FinishAsync(pending);
            }
            catch (Exception ex) when (ex is GsdException or GitException or IOException)
            {
                finish = Task.FromException<ProvisionedWorktree>(ex);
            }
            finishing.Add(finish, id);
        }
        await foreach (var done in Task.WhenEach(finishing.Keys).ConfigureAwait(false))
        {
            var id = finishing[done];
            (string, ProvisionedWorktree?, Exception?) result;
            try
            {
                result = (id, await done.ConfigureAwait(false), null);
            }
            catch (Exception ex) when (ex is GsdException or GitException or IOException)
            {
                result = (id, null, ex);
            }
            yield return result;
        }
    }

    private sealed record Registration(string MilestoneId, string Integration, PendingWorktree Pending);

    private async Task<Registration> RegisterAsync(string milestoneId)
    {
        var worktree = paths.Worktree(milestoneId);
        var branch = MilestoneBranch.Name(milestoneId);
        var repo = new GitRepository(paths.ProjectRoot);
        var integration = await IntegrationBranchAsync(repo).ConfigureAwait(false);
        var pending = await new WorktreeManager(paths.ProjectRoot).AddWithoutCheckoutAsync(worktree, branch, integration).ConfigureAwait(false);
        return new Registration(milestoneId, integration, pending);
    }

    private async Task<ProvisionedWorktree> FinishAsync(Registration registration)
    {
        var (milestoneId, integration, pending) = registration;
        var worktree = paths.Worktree(milestoneId);
        var branch = MilestoneBranch.Name(milestoneId);
        var added = await new WorktreeManager(paths.ProjectRoot).CheckOutAsync(pending).ConfigureAwait(false);
        if (!Directory.Exists(GsdPaths.MilestoneDirectory(worktree, milestoneId)))
        {
            // The worker works from the branch, so planning files that exist only uncommitted in the project root are not there.
            throw new GsdException(
                $"{branch} has no .gsd/milestones/{milestoneId}/: its planning files are not committed on {integration}. " +
                $"Commit them (git add .gsd/milestones/{milestoneId} && git commit), then start again.");
        }
        await RecordIntegrationBranchAsync(worktree, milestoneId, integration).ConfigureAwait(false);
        var hookRuns = added.Action != WorktreeBranchAction.AlreadyPresent && prefs.Git.WorktreePostCreate is { Length: > 0 };
        if (hookRuns && prefs.Git.WorktreePostCreate is { } hook)
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
        // Checked out just now from a commit, with no hook to leave files behind: nothing in it can be uncommitted.
        return new ProvisionedWorktree(worktree, added.Action != WorktreeBranchAction.AlreadyPresent && !hookRuns);
    }

    /// <summary>git.main_branch, else the branch checked out in the project root.</summary>
    public async Task<string> IntegrationBranchAsync(GitRepository repo) =>
        prefs.Git.MainBranch ?? await repo.CurrentBranchAsync().ConfigureAwait(false)
        ?? throw new GsdException($"{paths.ProjectRoot} is on a detached HEAD: check out the branch milestones should merge into, or set git.main_branch in .gsd/PREFERENCES.md.", ExitCodes.Usage);

    /// <summary>
    /// Sets META's integrationBranch on the milestone's branch (other keys kept), as a commit of its own so the worker
    /// starts from a clean checkout.
    /// </summary>
    private static async Task RecordIntegrationBranchAsync(string worktree, string milestoneId, string integration)
    {
        var meta = GsdPaths.MetaFile(worktree, milestoneId);
        JsonObject document;
        try
        {
            document = File.Exists(meta) && JsonNode.Parse(File.ReadAllText(meta)) is JsonObject o ? o : [];
        }
        catch (JsonException)
        {
            document = [];
        }
        if (document["integrationBranch"] is JsonValue v && v.TryGetValue<string>(out var current) && current == integration)
        {
            return;
        }
        document["integrationBranch"] = integration;
        AtomicFile.WriteAllText(meta, document.ToJsonString(Indented) + "\n");
        var relative = Path.GetRelativePath(worktree, meta).Replace(Path.DirectorySeparatorChar, '/');
        await new GitRepository(worktree).CommitAllAsync(
            $"chore({milestoneId}): record integration branch {integration}",
            [relative],
            [new("GSD-Milestone", milestoneId)]).ConfigureAwait(false);
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
