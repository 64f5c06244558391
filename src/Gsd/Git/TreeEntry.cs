namespace Gsd.Git;

/// <summary>One record of <c>git ls-tree -z</c>: <c>&lt;mode&gt; &lt;type&gt; &lt;object&gt;\t&lt;path&gt;</c>.</summary>
public sealed record TreeEntry(string Mode, string Type, string ObjectId, string Path)
{
    public bool IsBlob => Type == "blob";

    /// <summary>The records of <c>ls-tree -z</c> output, in order; a record not of that shape is left out.</summary>
    public static IEnumerable<TreeEntry> Parse(string lsTreeOutput)
    {
        foreach (var record in GitRepository.SplitNul(lsTreeOutput))
        {
            var tab = record.IndexOf('\t', StringComparison.Ordinal);
            if (tab >= 0 && record[..tab].Split(' ') is [var mode, var type, var id])
            {
                yield return new TreeEntry(mode, type, id, record[(tab + 1)..]);
            }
        }
    }
}
