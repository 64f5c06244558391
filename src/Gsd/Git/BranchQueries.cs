namespace Gsd.Git;

/// <summary>Read-only questions about branches the merge queue asks: which milestone branches exist, which commit completed a slice.</summary>
public sealed class BranchQueries(string projectRoot)
{
    private readonly GitRunner _git = new(projectRoot);

    /// <summary>Names of local branches under <c>milestone/</c>.</summary>
    public async Task<IReadOnlyList<string>> MilestoneBranchesAsync(CancellationToken ct = default)
    {
        var output = await _git.RunAsync(["for-each-ref", "--format=%(refname:short)", "refs/heads/milestone/"], ct: ct).ConfigureAwait(false);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>True when <paramref name="path"/> exists in the tree of <paramref name="branch"/>.</summary>
    public async Task<bool> FileExistsAsync(string branch, string path, CancellationToken ct = default)
    {
        RefNames.EnsureSafe(branch, nameof(branch));
        var result = await _git.TryRunAsync(["cat-file", "-e", $"refs/heads/{branch}:{path}"], ct: ct).ConfigureAwait(false);
        return result.Success;
    }

    /// <summary>The newest commit on <paramref name="branch"/> carrying the trailer <c>GSD-Unit: &lt;unitId&gt;</c> whose subject starts with <paramref name="subjectPrefix"/>.</summary>
    public async Task<string?> UnitCommitAsync(string branch, string unitId, string subjectPrefix, CancellationToken ct = default)
    {
        RefNames.EnsureSafe(branch, nameof(branch));
        var output = await _git.RunAsync(
            ["log", "--format=%H%x09%s", "--fixed-strings", $"--grep=GSD-Unit: {unitId}", $"refs/heads/{branch}", "--"], ct: ct).ConfigureAwait(false);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab > 0 && line[(tab + 1)..].StartsWith(subjectPrefix, StringComparison.Ordinal))
            {
                return line[..tab];
            }
        }
        return null;
    }
}
