namespace Gsd.Tests.Dashboard;

/// <summary>
/// A real gsd project (`gsd init`, `gsd milestone new`), parallel mode on, the sim agent planning one slice of
/// <c>tasks</c> tasks per milestone, each unit taking <c>delay</c>: slow enough to watch a worker advance and pause it.
/// </summary>
internal sealed class DashboardTestProject : IDisposable
{
    private readonly ProjectBuilder _project = new("gsd-dashboard", new Dictionary<string, string?>
    {
        ["GSD_COORDINATOR_TICK_MS"] = "200",
        ["GSD_HEARTBEAT_MS"] = "300",
    });

    public DashboardTestProject(int milestones, string delay = "0s", int tasks = 1)
    {
        _project.InitGsd().Preferences(
            "parallel:\n  enabled: true\n  max_workers: 3\n  auto_merge: manual\n"
            + $"agent:\n  kind: sim\n  args: [--delay, \"{delay}\", --slices, \"1\", --tasks, \"{tasks}\"]\n");
        _project.Commit("gsd init and preferences");
        for (var i = 1; i <= milestones; i++)
        {
            Ids.Add(_project.NewMilestone($"Feature {i}"));
        }
    }

    public List<string> Ids { get; } = [];

    public string Root => _project.Root;

    public GsdLauncher Launcher => _project.Launcher;

    public Gsd.Layout.ParallelPaths Paths => _project.Paths;

    public ProcessResult Gsd(params string[] args) => _project.Launcher.Run(args);

    public void Dispose()
    {
        // Whatever the test left running (a coordinator, workers) is stopped before the folder goes.
        if (Directory.Exists(Paths.Directory))
        {
            _project.Launcher.Run("parallel", "stop");
        }
        _project.Dispose();
    }
}
