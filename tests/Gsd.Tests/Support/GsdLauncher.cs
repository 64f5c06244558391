using System.Diagnostics;

namespace Gsd.Tests.Support;

/// <summary>
/// The one way tests start the built gsd binary: in a working directory, optionally with <c>-C</c>, with an isolated
/// GSD_HOME and environment overrides; run to completion (<see cref="Run(string[])"/>), in the background with output
/// collected (<see cref="Start(string[])"/>), or with its streams left to the test (<see cref="Spawn"/>).
/// </summary>
public sealed class GsdLauncher
{
    /// <summary>Generous: a hung gsd fails its test instead of hanging the suite; never a pass/fail timing.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    private readonly string? _projectOption;

    /// <param name="gsdHome">GSD_HOME of every run, so the user's global preferences never leak in.</param>
    /// <param name="env">Overrides on top of <see cref="GsdBinary.BaseEnv"/> (a null value removes a variable).</param>
    public GsdLauncher(string workingDirectory, string gsdHome, IReadOnlyDictionary<string, string?>? env = null)
        : this(workingDirectory, Merge(GsdBinary.BaseEnv(gsdHome), env), projectOption: null)
    {
    }

    private GsdLauncher(string workingDirectory, Dictionary<string, string?> env, string? projectOption)
    {
        WorkingDirectory = workingDirectory;
        Env = env;
        _projectOption = projectOption;
    }

    public string WorkingDirectory { get; }

    /// <summary>The environment overrides of every run; fixtures may change them (timing knobs) between runs.</summary>
    public Dictionary<string, string?> Env { get; }

    /// <summary>A copy that runs in <paramref name="dir"/>.</summary>
    public GsdLauncher In(string dir) => new(dir, new Dictionary<string, string?>(Env), _projectOption);

    /// <summary>A copy with <paramref name="env"/> on top of this one's environment.</summary>
    public GsdLauncher With(IReadOnlyDictionary<string, string?>? env) => new(WorkingDirectory, Merge(new Dictionary<string, string?>(Env), env), _projectOption);

    /// <summary>A copy that passes <c>-C <paramref name="projectDir"/></c> before the subcommand.</summary>
    public GsdLauncher AtProject(string projectDir) => new(WorkingDirectory, new Dictionary<string, string?>(Env), projectDir);

    /// <summary>Runs gsd to completion; stdout, stderr and exit code captured.</summary>
    public ProcessResult Run(params string[] args) => Run(null, args);

    public ProcessResult Run(IReadOnlyDictionary<string, string?>? env, params string[] args) =>
        ProcessRunner.Run(GsdBinary.Path, Argv(args), WorkingDirectory, Merge(new Dictionary<string, string?>(Env), env), timeout: DefaultTimeout);

    /// <summary>Starts gsd in the background, output collected; the test waits, signals or kills it.</summary>
    public GsdProcess Start(params string[] args) => Start(null, args);

    public GsdProcess Start(IReadOnlyDictionary<string, string?>? env, params string[] args) =>
        GsdProcess.Start(ProcessRunner.StartInfo(GsdBinary.Path, Argv(args), WorkingDirectory, Merge(new Dictionary<string, string?>(Env), env)));

    /// <summary>Starts gsd and hands over its process: the test reads its streams as they arrive.</summary>
    public Process Spawn(params string[] args) =>
        Process.Start(ProcessRunner.StartInfo(GsdBinary.Path, Argv(args), WorkingDirectory, Env))!;

    private string[] Argv(string[] args) => _projectOption is null ? args : ["-C", _projectOption, .. args];

    private static Dictionary<string, string?> Merge(Dictionary<string, string?> target, IReadOnlyDictionary<string, string?>? extra)
    {
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>())
        {
            target[k] = v;
        }
        return target;
    }
}

/// <summary>Where the built gsd binary is (copied next to the test assembly), its base environment, and one-off runs.</summary>
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

    /// <summary>GSD_HOME of one-off runs: a folder no test writes.</summary>
    public static string EmptyHome => System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gsd-test-home-empty");

    public static ProcessResult Run(string workingDirectory, params string[] args) =>
        Run(workingDirectory, null, args);

    public static ProcessResult Run(string workingDirectory, IReadOnlyDictionary<string, string?>? env, params string[] args) =>
        new GsdLauncher(workingDirectory, EmptyHome, env).Run(args);
}
