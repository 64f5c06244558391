namespace Gsd.Tests.Support;

/// <summary>Locates ../shared/fixtures (test data that is never copied into the project).</summary>
public static class SharedFixtures
{
    /// <summary>The gsd-real fixtures folder, or null when ../shared is absent (tests then skip with a visible message).</summary>
    public static string? GsdRealDirectory
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("GSD_SHARED_DIR");
            if (env is not null && Directory.Exists(System.IO.Path.Combine(env, "fixtures", "gsd-real")))
            {
                return System.IO.Path.Combine(env, "fixtures", "gsd-real");
            }
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = System.IO.Path.Combine(dir.FullName, "shared", "fixtures", "gsd-real");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
            return null;
        }
    }
}
