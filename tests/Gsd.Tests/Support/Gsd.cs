namespace Gsd.Tests.Support;

/// <summary>Runs the built gsd binary (copied next to the test assembly) as a real child process.</summary>
public static class GsdBinary
{
    public static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "gsd");

    /// <summary>Environment every test run gets: an isolated GSD_HOME so the user's global preferences never leak in.</summary>
    public static Dictionary<string, string?> BaseEnv(string gsdHome) => new()
    {
        ["GSD_HOME"] = gsdHome,
        ["GSD_PARALLEL_WORKER"] = null,
        ["GSD_MILESTONE_LOCK"] = null,
        ["GSD_PROJECT_ROOT"] = null,
        ["NO_COLOR"] = "1",
    };

    public static ProcessResult Run(string workingDirectory, params string[] args) =>
        Run(workingDirectory, null, args);

    public static ProcessResult Run(string workingDirectory, IReadOnlyDictionary<string, string?>? env, params string[] args)
    {
        var merged = BaseEnv(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gsd-test-home-empty"));
        if (env is not null)
        {
            foreach (var (k, v) in env)
            {
                merged[k] = v;
            }
        }
        return ProcessRunner.Run(Path, args, workingDirectory, merged);
    }
}
