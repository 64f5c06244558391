namespace Gsd.Planning;

/// <summary>A planning file being parsed: where it is, and where its problems go (named by the root-relative path).</summary>
internal sealed class SourceFile(string fullPath, string relativePath, string? milestoneId, List<Problem> problems)
{
    public string FullPath { get; } = fullPath;

    public string RelativePath { get; } = relativePath;

    public string? MilestoneId { get; } = milestoneId;

    public void Report(string code, string message, int? line = null) =>
        problems.Add(new Problem(code, message, RelativePath, line, MilestoneId));

    public SourceLocation At(int line) => new(RelativePath, line);

    /// <summary>The file's text, or null (with an unreadable-file problem) when it cannot be read.</summary>
    public string? ReadText()
    {
        try
        {
            return File.ReadAllText(FullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Report(ProblemCodes.UnreadableFile, $"cannot read file: {ex.Message}");
            return null;
        }
    }
}
