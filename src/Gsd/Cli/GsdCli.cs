using System.CommandLine;
using System.Runtime.InteropServices;
using Spectre.Console;
using Gsd.Layout;

namespace Gsd.Cli;

/// <summary>Builds the command tree and runs it; every command's errors become a message and a documented exit code.</summary>
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

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("gsd — drives coding agents through a project's planned milestones, several at once.");
        root.Options.Add(DirectoryOption);
        foreach (var command in CommandRegistry.All())
        {
            root.Subcommands.Add(command);
        }
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync($"gsd: {error.Message}").ConfigureAwait(false);
            }
            await Console.Error.WriteLineAsync("Run `gsd --help` for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        // Our own SIGTERM/SIGINT handling: System.CommandLine's would force an exit after 2 s, which would kill a worker
        // in the middle of saving its interrupted unit. Commands that stop gracefully opt in; others die as usual.
        using var stop = new CancellationTokenSource();
        void OnSignal(PosixSignalContext c)
        {
            if (GracefulStop && !stop.IsCancellationRequested)
            {
                c.Cancel = true;
                stop.Cancel();
            }
        }
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, stop.Token).ConfigureAwait(false);
    }

    /// <summary>Set by long-running commands (worker, coordinator, dashboards) that end cleanly when their token is cancelled.</summary>
    internal static volatile bool GracefulStop;

    /// <summary>Wraps a command body: resolves -C, turns <see cref="GsdException"/> into its message and exit code.</summary>
    internal static void SetHandler(Command command, Func<CommandContext, CancellationToken, Task<int>> body)
    {
        command.SetAction(async (parse, ct) =>
        {
            CommandContext context;
            try
            {
                context = CommandContext.From(parse);
            }
            catch (GsdException ex)
            {
                await Console.Error.WriteLineAsync($"gsd: {ex.Message}").ConfigureAwait(false);
                return ex.ExitCode;
            }
            try
            {
                return await body(context, ct).ConfigureAwait(false);
            }
            catch (GsdException ex)
            {
                await Console.Error.WriteLineAsync($"gsd: {ex.Message}").ConfigureAwait(false);
                return ex.ExitCode;
            }
            catch (Git.GitException ex)
            {
                await Console.Error.WriteLineAsync($"gsd: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Failure;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync("gsd: interrupted").ConfigureAwait(false);
                return 130;
            }
        });
    }
}

/// <summary>What every command body gets: the effective directory, the parse result and consoles.</summary>
internal sealed record CommandContext(string WorkingDirectory, ParseResult Parse, IAnsiConsole Out)
{
    public static bool StdOutIsTerminal => !Console.IsOutputRedirected;

    public static CommandContext From(ParseResult parse)
    {
        var dir = parse.GetValue(GsdCli.DirectoryOption);
        var cwd = Directory.GetCurrentDirectory();
        var effective = dir is null ? cwd : Path.GetFullPath(dir, cwd);
        if (!Directory.Exists(effective))
        {
            throw new GsdException($"-C {dir}: no such directory ({effective}).", ExitCodes.Usage);
        }
        return new CommandContext(effective, parse, ConsoleFactory.Create());
    }

    /// <summary>The project root (directory holding .gsd/) at or above the working directory; exit 2 outside a project.</summary>
    public string ProjectRoot => Layout.ProjectRoot.Find(WorkingDirectory);
}
