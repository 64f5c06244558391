namespace Gsd.Layout;

/// <summary>
/// The main project root even from inside a milestone worktree (<c>&lt;root&gt;/.gsd/worktrees/&lt;MID&gt;/</c>), whose own
/// checkout also holds a .gsd/: parallel state and worktrees always live under the main root.
/// </summary>
public static class MainProjectRoot
{
    public static string Find(string startDirectory)
    {
        var root = ProjectRoot.Find(startDirectory);
        var dir = new DirectoryInfo(root);
        if (dir.Parent is { Name: "worktrees" } worktrees && worktrees.Parent is { Name: GsdPaths.GsdFolder } gsd && gsd.Parent is { } main
            && MilestoneId.IsValid(dir.Name))
        {
            return main.FullName;
        }
        return root;
    }
}
