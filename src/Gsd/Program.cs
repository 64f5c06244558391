using System.Reflection;
using System.Runtime.CompilerServices;

namespace Gsd;

internal static class Program
{
    public static int Main(string[] args)
    {
        // `gsd --version` answers before the command tree (and System.CommandLine, Spectre, every command) is loaded.
        if (args is ["--version"])
        {
            Console.Out.WriteLine(Version);
            return ExitCodes.Ok;
        }
        return RunCli(args);
    }

    /// <summary>The informational version (<c>0.1.0+commit</c>), as System.CommandLine's own --version prints it.</summary>
    internal static string Version =>
        typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(Program).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    // Not inlined: Main itself must not make the JIT load the CLI's assemblies.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int RunCli(string[] args)
    {
        try
        {
            return Cli.GsdCli.Run(args);
        }
        catch (Exception ex)
        {
            // Commands turn their own failures into messages; this is the last net, so no input ends in a stack trace.
            Console.Error.WriteLine(Cli.CrashReport.Describe(ex, args, DateTimeOffset.UtcNow));
            return ExitCodes.Failure;
        }
    }
}
