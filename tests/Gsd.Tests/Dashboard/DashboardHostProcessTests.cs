using System.Net;
using System.Net.Sockets;
using Gsd.Processes;

namespace Gsd.Tests.Dashboard;

/// <summary>
/// The native gsd has no web server in it: <c>gsd dashboard</c> and <c>gsd demo --dashboard</c> start gsd-dashboard
/// beside it (ARCHITECTURE §12). <c>GSD_DASHBOARD_HOST</c> points that path at this JIT build, so the tests run the
/// same launcher: the host's URL relayed, controls served, the host ending with gsd however gsd ends, its errors passed on.
/// </summary>
public sealed class DashboardHostProcessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string?> InHost(string host) => new() { ["GSD_DASHBOARD_HOST"] = host };

    [Fact(Timeout = Hang.EndToEnd)]
    public async Task Serves_from_the_host_process_and_the_host_ends_when_gsd_is_stopped()
    {
        using var project = new DashboardTestProject(milestones: 1);
        using var dashboard = RunningDashboard.Start(project.Launcher.With(InHost(GsdBinary.Path)), "dashboard");
        var host = HostOf(dashboard.Process.Pid);
        CommandLine(host.Pid).ShouldContain("dashboard");

        (await dashboard.Http.GetStringAsync("api/status", Ct)).ShouldContain("\"workers\"");
        var (status, body) = await dashboard.PostAsync("api/pause", dashboard.Token);
        status.ShouldBe(200, body);
        (status, _) = await dashboard.PostAsync("api/pause", token: null);
        status.ShouldBe(403);

        dashboard.Process.Signal(NativeMethods.SIGTERM);
        dashboard.Process.WaitForExit(TimeSpan.FromMinutes(1)).ShouldBe(0, dashboard.Process.ToString());
        WaitUntilGone(host.Pid).ShouldBeTrue($"the host (pid {host.Pid}) outlived gsd");
    }

    [Fact(Timeout = Hang.EndToEnd)]
    public void The_host_ends_when_gsd_is_killed_outright()
    {
        using var project = new DashboardTestProject(milestones: 1);
        using var dashboard = RunningDashboard.Start(project.Launcher.With(InHost(GsdBinary.Path)), "dashboard", "--no-token");
        var host = HostOf(dashboard.Process.Pid);

        dashboard.Process.Kill9();
        WaitUntilGone(host.Pid).ShouldBeTrue($"the host (pid {host.Pid}) outlived a SIGKILLed gsd");
    }

    [Fact(Timeout = Hang.EndToEnd)]
    public void A_missing_host_is_named()
    {
        using var project = new DashboardTestProject(milestones: 1);
        var missing = Path.Combine(project.Root, "no-such-gsd-dashboard");
        var r = project.Launcher.Run(InHost(missing), "dashboard");
        r.ExitCode.ShouldBe(1, r.ToString());
        r.StdErr.ShouldContain($"{missing} is missing");
        r.StdErr.ShouldContain("gsd-dashboard");
        r.StdErr.ShouldNotContain("   at ");

        // The demo checks before it makes its scratch project.
        var demoDir = Path.Combine(project.Root, "demo-here");
        r = project.Launcher.Run(InHost(missing), "demo", "--dashboard", demoDir);
        r.ExitCode.ShouldBe(1, r.ToString());
        r.StdErr.ShouldContain($"{missing} is missing");
        Directory.Exists(demoDir).ShouldBeFalse();
    }

    [Fact(Timeout = Hang.EndToEnd)]
    public void The_hosts_own_error_is_passed_on()
    {
        using var project = new DashboardTestProject(milestones: 1);
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var r = project.Launcher.Run(InHost(GsdBinary.Path), "dashboard", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        r.ExitCode.ShouldBe(1, r.ToString());
        r.StdErr.ShouldContain($"Cannot listen on 127.0.0.1:{port}");
        r.StdErr.ShouldNotContain("   at ");
        ProcessTable.Snapshot().Entries.ShouldNotContain(e => CommandLine(e.Pid).Contains($"--port {port}", StringComparison.Ordinal));
    }

    /// <summary>The dashboard host gsd started: its one child process.</summary>
    private static ProcessEntry HostOf(int gsdPid) =>
        ProcessTable.Snapshot().Entries.Where(e => e.ParentPid == gsdPid).ShouldHaveSingleItem();

    /// <summary>The process's arguments joined by spaces; empty once it has exited (a zombie has none) or is gone.</summary>
    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (IOException)
        {
            return string.Empty;
        }
        catch (UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    private static bool WaitUntilGone(int pid)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (CommandLine(pid).Length > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            Thread.Sleep(100);
        }
        return true;
    }
}
