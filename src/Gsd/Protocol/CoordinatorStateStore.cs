using Gsd.IO;
using Gsd.Layout;

namespace Gsd.Protocol;

public static class CoordinatorStateStore
{
    public static CoordinatorState? TryRead(ParallelPaths paths)
    {
        try
        {
            return JsonFile.Read(paths.CoordinatorFile, GsdJsonContext.Default.CoordinatorState);
        }
        catch (GsdException)
        {
            return null;
        }
    }

    public static void Write(ParallelPaths paths, CoordinatorState state) =>
        JsonFile.Write(paths.CoordinatorFile, state, GsdJsonContext.Default.CoordinatorState);
}
