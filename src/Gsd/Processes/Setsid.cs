namespace Gsd.Processes;

/// <summary>Locates setsid(1) (util-linux), which starts each agent as the leader of a new session and process group.</summary>
internal static class Setsid
{
    private static readonly Lazy<string> Located = new(Locate);

    public static string Path => Located.Value;

    private static string Locate()
    {
        foreach (var candidate in new[] { "/usr/bin/setsid", "/bin/setsid" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return ExecutableSearch.Find("setsid", "/")
            ?? throw new GsdException("setsid (from util-linux) was not found on PATH; gsd needs it to run agents in a process group of their own. Install util-linux.");
    }
}
