namespace Gsd.Planning;

/// <summary>A planning file being parsed: where it is, and where its problems go (named by the root-relative path).</summary>
internal sealed class SourceFile(string fullPath, string relativePath, string? milestoneId, List<Problem> problems)
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    public string FullPath { get; } = fullPath;

    public string RelativePath { get; } = relativePath;

    public string? MilestoneId { get; } = milestoneId;

    public void Report(string code, string message, int? line = null) =>
        problems.Add(new Problem(code, message, RelativePath, line, MilestoneId));

    public SourceLocation At(int line) => new(RelativePath, line);

    /// <summary>The file's text (UTF-8, a BOM dropped), or null (with an unreadable-file problem) when it cannot be read.</summary>
    public string? ReadText()
    {
        try
        {
            // Bytes then one decode: File.ReadAllText's reader buffers cost ten times the text on small files.
            var bytes = File.ReadAllBytes(FullPath);
            var skip = bytes.AsSpan().StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;
            return System.Text.Encoding.UTF8.GetString(bytes, skip, bytes.Length - skip);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Report(ProblemCodes.UnreadableFile, $"cannot read file: {ex.Message}");
            return null;
        }
    }

    /// <summary>
    /// Reads and parses the file. A parser that fails on input nobody foresaw costs this one file (reported with
    /// the error), never the whole project load.
    /// </summary>
    public T? Parse<T>(Func<string, SourceFile, T?> parse)
        where T : class
    {
        if (ReadText() is not { } text)
        {
            return null;
        }
        try
        {
            return parse(text, this);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Report(ProblemCodes.UnreadableFile, $"could not be parsed ({ex.GetType().Name}: {ex.Message})");
            return null;
        }
    }
}
