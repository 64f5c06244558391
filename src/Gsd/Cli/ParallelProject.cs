using Gsd.Layout;
using Gsd.Parallel;
using Gsd.Preferences;

namespace Gsd.Cli;

/// <summary>The main project a parallel command acts on, its preferences (parallel mode checked on) and its .gsd/parallel/ paths.</summary>
internal sealed record ParallelProject(string Root, LoadedPreferences Prefs, ParallelPaths Paths)
{
    public GsdPreferences Preferences => Prefs.Preferences;

    public static ParallelProject Open(CommandContext ctx)
    {
        // From inside a worktree, act on the main project (where .gsd/parallel/ lives).
        var root = MainProjectRoot.Find(ctx.WorkingDirectory);
        var prefs = PreferencesOutput.Load(root, ctx.Console.Error);
        ParallelGate.Check(prefs.Preferences);
        ctx.Console.WidenWhenRedirected();
        var paths = new ParallelPaths(root);
        paths.RequireDirectoriesUsable();
        return new ParallelProject(root, prefs, paths);
    }
}
