using Gsd.Preferences;

namespace Gsd.Parallel;

/// <summary>Merges completed milestones back into their integration branch (DESIGN §7).</summary>
public sealed class MergeRunner
{
    public static IMilestoneMerger? ForCoordinator(ParallelPaths paths, GsdPreferences prefs, TimeProvider clock)
    {
        _ = paths;
        _ = prefs;
        _ = clock;
        return null;
    }
}
