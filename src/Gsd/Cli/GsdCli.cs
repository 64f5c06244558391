using System.CommandLine;

namespace Gsd.Cli;

/// <summary>Builds the command tree and runs it against a console port: the process's own, or captured writers in tests.</summary>
public static class GsdCli
{
    /// <summary><c>-C &lt;dir&gt;</c>: run as if started in &lt;dir&gt;, as git does.</summary>
    internal static readonly Option<string?> DirectoryOption = new("-C")
    {
        Description = "Run as if gsd was started in <dir>",
        HelpName = "dir",
        Recursive = true,
    };

    public static int Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    public static Task<int> RunAsync(string[] args) => RunAsync(args, ConsolePort.ForProcess(), CancellationToken.None);

    internal static async Task<int> RunAsync(string[] args, ConsolePort console, CancellationToken ct)
    {
        var parse = CreateRoot(console).Parse(args);
        if (ParseErrorReport.Fails(parse))
        {
            foreach (var line in ParseErrorReport.Lines(parse))
            {
                await console.Error.WriteLineAsync(line).ConfigureAwait(false);
            }
            return ExitCodes.Usage;
        }
        // No termination handling by System.CommandLine: commands that stop gracefully register their own (SignalStop).
        var config = new InvocationConfiguration { ProcessTerminationTimeout = null, Output = console.Out, Error = console.Error };
        return await parse.InvokeAsync(config, ct).ConfigureAwait(false);
    }

    /// <summary>The whole command tree, every command bound to the console, with gsd's help.</summary>
    internal static RootCommand CreateRoot(ConsolePort console)
    {
        var root = new RootCommand("gsd — drives coding agents through a project's planned milestones, several at once.");
        root.Options.Add(DirectoryOption);
        foreach (var command in CommandRegistry.All(console))
        {
            root.Subcommands.Add(command);
        }
        GsdHelpAction.Install(root);
        return root;
    }
}
