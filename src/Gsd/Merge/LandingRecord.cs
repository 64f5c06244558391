using Gsd.Git;

namespace Gsd.Merge;

/// <summary>
/// Remembers, per milestone, which branch commit each squash landed, so the next squash of the same branch merges only
/// what came after it (no conflict of the milestone with itself). Stored as a chain of bookkeeping commits under
/// <c>refs/gsd/landed/&lt;MID&gt;</c> with parents [landed branch commit, squash commit, previous record]. The record moves
/// in the same update-ref transaction as the integration branch; only under git's own fast-forward is it written just
/// before, so a crash in between leaves a record whose squash is not on the integration branch; such a record is skipped
/// and the previous one used.
/// </summary>
internal sealed class LandingRecord
{
    private const int MaxChain = 64;

    private readonly GitRepository _repo;

    public LandingRecord(GitRepository repo)
    {
        _repo = repo;
    }

    /// <summary>
    /// The base a merge of <paramref name="source"/> into <paramref name="integrationTip"/> should use, or null to let git pick
    /// (no landing yet, the branch was rewritten, or it already merged the landing back so git's own base is newer).
    /// </summary>
    public async Task<string?> FindBaseAsync(string milestoneId, string integrationTip, string source, CancellationToken ct) =>
        await FindBaseFromAsync(await _repo.CommitOfAsync(RefNames.Landed(milestoneId), ct).ConfigureAwait(false), integrationTip, source, ct)
            .ConfigureAwait(false);

    /// <summary><see cref="FindBaseAsync"/> from the record the caller already read (null: none).</summary>
    public async Task<string?> FindBaseFromAsync(string? record, string integrationTip, string source, CancellationToken ct)
    {
        for (var i = 0; i < MaxChain && record is not null; i++)
        {
            var parents = await ParentsAsync(record, ct).ConfigureAwait(false);
            if (parents.Count < 2)
            {
                return null;
            }
            var (landed, squash) = (parents[0], parents[1]);
            if (await _repo.IsAncestorAsync(squash, integrationTip, ct).ConfigureAwait(false))
            {
                if (!await _repo.IsAncestorAsync(landed, source, ct).ConfigureAwait(false)
                    || await _repo.IsAncestorAsync(squash, source, ct).ConfigureAwait(false))
                {
                    return null;
                }
                return landed;
            }
            record = parents.Count > 2 ? parents[2] : null;
        }
        return null;
    }

    /// <summary>Records that <paramref name="squash"/> lands <paramref name="landed"/>; returns the previous record (null if none) for <see cref="RestoreAsync"/>.</summary>
    /// <param name="previous">The record the caller read under the merge lock (null: none); the ref is moved only from it (compare-and-swap).</param>
    public async Task<string> WriteAsync(string milestoneId, string landed, string squash, string? previous, CancellationToken ct)
    {
        var record = await CreateAsync(milestoneId, landed, squash, previous, ct).ConfigureAwait(false);
        await _repo.Runner.RunAsync(["update-ref", "-m", $"gsd: land {milestoneId}", RefNames.Landed(milestoneId), record, previous ?? string.Empty], ct: ct)
            .ConfigureAwait(false);
        return record;
    }

    /// <summary>
    /// The <c>update-ref --stdin</c> line that points the milestone's record at <paramref name="record"/> (made by
    /// <see cref="CreateAsync"/>) only if it is still <paramref name="previous"/> (null: only if there is none), so the record
    /// moves in the same transaction as the integration branch.
    /// </summary>
    public static string UpdateLine(string milestoneId, string record, string? previous) =>
        $"update {RefNames.Landed(milestoneId)} {record} {previous ?? new string('0', record.Length)}\n";

    /// <summary>The record commit (objects only, no ref moved): parents [landed, squash, previous record].</summary>
    public async Task<string> CreateAsync(string milestoneId, string landed, string squash, string? previous, CancellationToken ct)
    {
        // The record's tree is the landed commit's (git resolves the suffix; no separate lookup).
        List<string> args = ["commit-tree", landed + "^{tree}", "-p", landed, "-p", squash];
        if (previous is not null)
        {
            args.AddRange(["-p", previous]);
        }
        args.AddRange(["-m", $"gsd: {milestoneId} landed {landed} as {squash}"]);
        return (await _repo.Runner.RunAsync(args, env: TreeMerger.Bookkeeping, ct: ct).ConfigureAwait(false)).Trim();
    }

    /// <summary>Puts the record back as it was before <see cref="WriteAsync"/> (the landing did not happen).</summary>
    public async Task RestoreAsync(string milestoneId, string? previous, string record, CancellationToken ct)
    {
        var refName = RefNames.Landed(milestoneId);
        string[] args = previous is null ? ["update-ref", "-d", refName, record] : ["update-ref", refName, previous, record];
        await _repo.Runner.RunAsync(args, ct: ct).ConfigureAwait(false);
    }

    /// <summary>Drops the record once the branch is gone (its content proven to be on the integration branch).</summary>
    /// <remarks>After a landing the caller knows the record and deletes it with the branch in one transaction instead (<see cref="Containment"/>).</remarks>
    public async Task DeleteAsync(string milestoneId, CancellationToken ct)
    {
        var refName = RefNames.Landed(milestoneId);
        var current = await _repo.RevParseAsync(refName, ct).ConfigureAwait(false);
        if (current is not null)
        {
            await _repo.Runner.RunAsync(["update-ref", "-d", refName, current], ct: ct).ConfigureAwait(false);
        }
    }

    private async Task<List<string>> ParentsAsync(string commit, CancellationToken ct)
    {
        var line = await _repo.Runner.RunAsync(["rev-list", "--parents", "-n", "1", commit], ct: ct).ConfigureAwait(false);
        return line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1).ToList();
    }
}
