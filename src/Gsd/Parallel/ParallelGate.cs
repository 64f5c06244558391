using Gsd.Preferences;

namespace Gsd.Parallel;

/// <summary>The checks every `gsd parallel` command makes before doing anything.</summary>
public static class ParallelGate
{
    public static void Check(GsdPreferences prefs)
    {
        if (Environment.GetEnvironmentVariable("GSD_PARALLEL_WORKER") == "1")
        {
            throw new GsdException("This process is a parallel worker (GSD_PARALLEL_WORKER=1); a worker cannot start or control a nested parallel run.", ExitCodes.Usage);
        }
        if (!prefs.Parallel.Enabled)
        {
            throw new GsdException(
                "Parallel mode is not enabled. To enable it, add to the frontmatter of .gsd/PREFERENCES.md:\n\n  parallel:\n    enabled: true\n",
                ExitCodes.Usage);
        }
    }
}
