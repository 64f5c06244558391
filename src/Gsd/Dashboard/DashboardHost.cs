using System.Diagnostics.CodeAnalysis;

namespace Gsd.Dashboard;

/// <summary>
/// Where the dashboard's web server runs (ARCHITECTURE §12). The native <c>gsd</c> is built without it: ASP.NET Core
/// would double the binary, and every gsd process (each worker, coordinator and sim agent) would pay for it in start-up
/// and memory. That binary starts <c>gsd-dashboard</c>, installed beside it, which is gsd built with the server in.
/// JIT builds (tests, <c>dotnet run</c>, the framework-dependent tool) serve in their own process.
/// </summary>
public static class DashboardHost
{
    /// <summary>The feature switch the native build sets to false; ILC then drops the server and ASP.NET Core from gsd.</summary>
    public const string InProcessSwitch = "Gsd.Dashboard.InProcess";

    /// <summary>
    /// Names the binary to serve the dashboard in, instead of this process or the installed gsd-dashboard; the tests use it
    /// to run the out-of-process path with a JIT build.
    /// </summary>
    public const string HostVariable = "GSD_DASHBOARD_HOST";

    [FeatureSwitchDefinition(InProcessSwitch)]
    public static bool InProcess => !AppContext.TryGetSwitch(InProcessSwitch, out var on) || on;

    /// <summary>Serves the dashboard of <paramref name="projectRoot"/> here, or in the gsd-dashboard binary when this build has no server.</summary>
    public static async Task<IServingDashboard> StartAsync(string projectRoot, DashboardOptions options, TextWriter errors, CancellationToken ct)
    {
        // Tested first and on its own, so a build with the switch off (a constant false) keeps no call to the server.
        if (!InProcess)
        {
            return await DashboardProcess.StartAsync(SeparateHost()!, projectRoot, options, errors, ct).ConfigureAwait(false);
        }
        return SeparateHost() is { } host
            ? await DashboardProcess.StartAsync(host, projectRoot, options, errors, ct).ConfigureAwait(false)
            : await DashboardServer.StartAsync(projectRoot, options, TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
    }

    /// <summary>Fails now, naming the missing binary, when the dashboard could not be served: before a command does anything else.</summary>
    public static void CheckAvailable()
    {
        if (SeparateHost() is { } host)
        {
            DashboardProcess.CheckExists(host);
        }
    }

    /// <summary>The binary to serve in (<see cref="HostVariable"/>, else the installed gsd-dashboard when this build has no server), or null: here.</summary>
    private static string? SeparateHost() =>
        Environment.GetEnvironmentVariable(HostVariable) is { Length: > 0 } host ? host
        : InProcess ? null
        : Path.Combine(AppContext.BaseDirectory, Processes.SelfCommand.DashboardBinaryName);
}
