using System.Reflection;

namespace Gsd.Processes;

/// <summary>How to run this same gsd binary as a child process (the <c>sim</c> agent is a hidden gsd subcommand).</summary>
public static class SelfCommand
{
    /// <summary>The native build's dashboard host, installed beside gsd: gsd with the web server built in (ARCHITECTURE §12).</summary>
    public const string DashboardBinaryName = "gsd-dashboard";

    /// <summary>
    /// The apphost (or single-file binary) when gsd runs as one; <c>[dotnet, gsd.dll]</c> when it runs
    /// under the dotnet host; and, when gsd's assembly is hosted by another program (the test runner),
    /// the gsd apphost or gsd.dll that sits beside it.
    /// </summary>
    public static IReadOnlyList<string> Argv()
    {
        var processPath = Environment.ProcessPath;
        var entry = Assembly.GetEntryAssembly();
        var gsdAssembly = typeof(SelfCommand).Assembly;
        if (processPath is not null && entry == gsdAssembly)
        {
            // Native AOT has no assembly file (Location is empty): the binary itself is the command. The dashboard host
            // starts the lean gsd beside it instead, so the coordinator and workers it starts do not carry the web server.
            var lean = Path.Combine(AppContext.BaseDirectory, "gsd");
            if (Path.GetFileName(processPath) == DashboardBinaryName && File.Exists(lean))
            {
                return [lean];
            }
            var dll = Path.Combine(AppContext.BaseDirectory, "gsd.dll");
            return IsDotnetHost(processPath) && File.Exists(dll) ? [processPath, dll] : [processPath];
        }
        var dir = AppContext.BaseDirectory;
        var apphost = Path.Combine(dir, "gsd");
        if (File.Exists(apphost))
        {
            return [apphost];
        }
        var host = processPath is not null && IsDotnetHost(processPath) ? processPath : "dotnet";
        return [host, Path.Combine(dir, "gsd.dll")];
    }

    private static bool IsDotnetHost(string path) =>
        Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
}
