namespace Gsd.Layout;

/// <summary>Finds the project root: the nearest directory at or above the start that holds <c>.gsd/</c>.</summary>
public static class ProjectRoot
{
    public static string? TryFind(string startDirectory)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(startDirectory)); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(GsdPaths.GsdDirectory(dir.FullName)))
            {
                return dir.FullName;
            }
        }
        return null;
    }

    public static string Find(string startDirectory) =>
        TryFind(startDirectory)
        ?? throw new GsdException(
            GitOperationInProgress(startDirectory) is { } operation
                ? $"No .gsd directory in {Path.GetFullPath(startDirectory)}: a {operation} is in progress there, and the commit it stopped at has no .gsd/. " +
                  $"Finish it (`git {operation} --continue`) or abort it (`git {operation} --abort`), then check out the branch your milestones merge into."
                : $"No .gsd directory found in {Path.GetFullPath(startDirectory)} or any parent. Run `gsd init`.",
            ExitCodes.Usage);

    /// <summary>"rebase" or "merge" when the repository's git directory (a plain <c>.git/</c> folder) is mid-operation (the two that move HEAD off the branch).</summary>
    private static string? GitOperationInProgress(string startDirectory)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(startDirectory)); dir is not null; dir = dir.Parent)
        {
            var git = Path.Combine(dir.FullName, ".git");
            if (GitOperationMarkers.InProgress(git) is { } operation and ("rebase" or "merge"))
            {
                return operation;
            }
            if (Directory.Exists(git) || File.Exists(git))
            {
                return null;
            }
        }
        return null;
    }
}
