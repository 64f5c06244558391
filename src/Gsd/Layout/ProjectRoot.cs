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
        ?? throw new GsdException($"No .gsd directory found in {Path.GetFullPath(startDirectory)} or any parent. Run `gsd init`.", ExitCodes.Usage);
}
