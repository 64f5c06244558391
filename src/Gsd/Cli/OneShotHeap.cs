namespace Gsd.Cli;

/// <summary>
/// A one-shot command that reads the whole project (<c>queue</c>, <c>parallel status</c>) builds its model once and
/// exits. Collecting every 4 MiB (the young-generation budget baked into the native binary for long-lived workers)
/// re-copies the growing model at each collection: a fifth of <c>queue</c>'s time on 1,000 milestones. Such a command
/// asks the GC to hold off; past the budget it collects as usual.
/// </summary>
internal static class OneShotHeap
{
    private const long Budget = 256L * 1024 * 1024;

    public static void HoldCollections()
    {
        try
        {
            GC.TryStartNoGCRegion(Budget);
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or InvalidOperationException)
        {
            // A runtime that cannot promise that much (or is already holding off) collects as usual.
        }
    }
}
