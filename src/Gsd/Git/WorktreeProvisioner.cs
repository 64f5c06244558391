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
        var manager = new WorktreeManager(paths.ProjectRoot);
        if (pending is { Present: null, Tip: null })
        {
            string? recorded;
            try
            {
                recorded = await RecordOnNewBranchAsync(milestoneId, branch, pending.Start, integration).ConfigureAwait(false);
            }
            catch (GitException)
            {
                // Nothing half made: the registration (and the branch, still where it was created) goes again.
                await manager.UndoAddAsync(pending).ConfigureAwait(false);
                throw;
            }
            // The branch now starts one commit further, at META's record, which the checkout writes with everything else.
            pending = recorded is null ? pending : pending with { Start = recorded };
        }
        var added = await manager.CheckOutAsync(pending).ConfigureAwait(false);
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
        if (WithIntegrationBranch(File.Exists(meta) ? File.ReadAllText(meta) : null, integration) is not { } text)
        {
            return;
        }
        AtomicFile.WriteAllText(meta, text);
        var relative = Path.GetRelativePath(worktree, meta).Replace(Path.DirectorySeparatorChar, '/');
        await new GitRepository(worktree).CommitAllAsync(
            RecordMessage(milestoneId, integration),
            [relative],
            [new(Trailer, milestoneId)]).ConfigureAwait(false);
    }

    /// <summary>
    /// The same record for a branch just created at <paramref name="start"/> whose worktree is not checked out yet: the
    /// commit is made in the object store (scratch index, write-tree, commit-tree, update-ref from <paramref name="start"/>),
    /// so the checkout writes META with the rest. A commit in the fresh checkout would first re-read all its files, whose
    /// timestamps tie with the index git just wrote. Returns the branch's new tip; null when META already says so, or the
    /// milestone has no directory on the branch (the check after the checkout reports that).
    /// </summary>
    private async Task<string?> RecordOnNewBranchAsync(string milestoneId, string branch, string start, string integration)
    {
        var git = new GitRunner(paths.ProjectRoot);
        var directory = GsdPaths.RelativeMilestoneDirectory(milestoneId);
        var metaPath = $"{directory}/{Path.GetFileName(GsdPaths.MetaFile(paths.ProjectRoot, milestoneId))}";
        var listing = TreeEntry.Parse(await git.RunAsync(["ls-tree", "-z", start, "--", directory + "/"]).ConfigureAwait(false)).ToList();
        if (listing.Count == 0)
        {
            return null;
        }
        var meta = listing.FirstOrDefault(e => e.Path == metaPath && e.IsBlob);
        var current = meta is null ? null : await git.RunAsync(["cat-file", "blob", meta.ObjectId]).ConfigureAwait(false);
        if (WithIntegrationBranch(current, integration) is not { } text)
        {
            return null;
        }
        var blob = (await git.RunAsync(["hash-object", "-w", "--stdin"], stdIn: text).ConfigureAwait(false)).Trim();
        var index = Path.Combine(Path.GetTempPath(), $"gsd-meta-{Guid.NewGuid():N}.index");
        var scratch = new Dictionary<string, string?> { ["GIT_INDEX_FILE"] = index };
        try
        {
            await git.RunAsync(["read-tree", start], env: scratch).ConfigureAwait(false);
            await git.RunAsync(["update-index", "--add", "--cacheinfo", $"{meta?.Mode ?? "100644"},{blob},{metaPath}"], env: scratch).ConfigureAwait(false);
            var tree = (await git.RunAsync(["write-tree"], env: scratch).ConfigureAwait(false)).Trim();
            var message = $"{RecordMessage(milestoneId, integration)}\n\n{Trailer}: {milestoneId}\n";
            var commit = (await git.RunAsync(["commit-tree", tree, "-p", start, "-F", "-"], stdIn: message).ConfigureAwait(false)).Trim();
            // Only from where the branch was created: nothing else can have moved it yet, and if it did, git says so.
            await git.RunAsync(["update-ref", "-m", $"gsd: {RecordMessage(milestoneId, integration)}", RefNames.Branch(branch), commit, start]).ConfigureAwait(false);
            return commit;
        }
        finally
        {
            File.Delete(index);
        }
    }

    /// <summary>META's text with integrationBranch set (other keys kept), or null when it already names <paramref name="integration"/>.</summary>
    private static string? WithIntegrationBranch(string? text, string integration)
    {
        JsonObject document;
        try
        {
            document = text is not null && JsonNode.Parse(text) is JsonObject o ? o : [];
        }
        catch (JsonException)
        {
            document = [];
        }
        if (document["integrationBranch"] is JsonValue v && v.TryGetValue<string>(out var current) && current == integration)
        {
            return null;
        }
        document["integrationBranch"] = integration;
        return document.ToJsonString(Indented) + "\n";
    }

    private const string Trailer = "GSD-Milestone";

    private static string RecordMessage(string milestoneId, string integration) => $"chore({milestoneId}): record integration branch {integration}";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
