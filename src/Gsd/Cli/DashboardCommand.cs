using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using Gsd.Dashboard;

namespace Gsd.Cli;

/// <summary>
/// <c>gsd dashboard [--port N] [--host H] [--open] [--no-token]</c>: serves the live web dashboard of this project
/// (ARCHITECTURE §12) until interrupted; its first line is <c>Dashboard: URL</c>.
/// </summary>
internal sealed class DashboardCommand : GsdCommand<DashboardCommand.Settings>
{
    private readonly Option<int> _port = new("--port") { Description = "TCP port (default 0: a free one)", DefaultValueFactory = _ => 0 };
    private readonly Option<string> _host = new("--host") { Description = "Address to listen on (default 127.0.0.1; 0.0.0.0 exposes it to your network)", DefaultValueFactory = _ => DashboardOptions.DefaultHost };
    private readonly Option<bool> _open = new("--open") { Description = "Open the page in the default browser (xdg-open)" };
    private readonly Option<bool> _noToken = new("--no-token") { Description = "Controls need no token (Origin is still checked); only on a machine you alone use" };

    internal sealed record Settings(DashboardOptions Options, bool Open);

    protected override Command Declare() =>
        new("dashboard", "Serve a live web dashboard of the parallel run (workers, cost, milestone graph, merges, events, logs) with pause/resume/stop/merge/start controls")
        {
            Options = { _port, _host, _open, _noToken },
        };

    protected override Settings Bind(ParseResult parse) =>
        new(new DashboardOptions(parse.GetValue(_host) ?? DashboardOptions.DefaultHost, parse.GetValue(_port), parse.GetValue(_noToken) ? null : DashboardOptions.NewToken()).Checked(), parse.GetValue(_open));

    // Serves until Ctrl-C (or SIGTERM), then exits 0.
    protected override bool StopsGracefully(Settings settings) => true;

    protected override async Task<int> RunAsync(CommandContext ctx, Settings settings, CancellationToken ct)
    {
        var project = ParallelProject.Open(ctx);
        var server = await DashboardHost.StartAsync(project.Root, settings.Options, ctx.Console.Error, ct).ConfigureAwait(false);
        await using (server.ConfigureAwait(false))
        {
            await AnnounceAsync(ctx, server.Url, settings.Open).ConfigureAwait(false);
            ctx.Out.WriteLine($"Serving the run of {project.Root} until Ctrl-C.");
            await ServeUntilInterruptedAsync(ct).ConfigureAwait(false);
        }
        return ExitCodes.Ok;
    }

    /// <summary>
    /// Until Ctrl-C or SIGTERM; as the native gsd's dashboard host (<c>GSD_DASHBOARD_UNTIL_STDIN_CLOSES</c>), also until
    /// its standard input closes, which happens when the gsd that started it ends, however it ends.
    /// </summary>
    internal static async Task ServeUntilInterruptedAsync(CancellationToken ct)
    {
        var interrupted = Task.Delay(Timeout.Infinite, ct);
        var serving = Environment.GetEnvironmentVariable(DashboardProcess.UntilStdinClosesVariable) == "1"
            ? Task.WhenAny(interrupted, Task.Run(StdinClosedAsync, CancellationToken.None))
            : interrupted;
        try
        {
            await serving.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task StdinClosedAsync()
    {
        var stdin = Console.OpenStandardInput();
        await using (stdin.ConfigureAwait(false))
        {
            var buffer = new byte[64];
            while (await stdin.ReadAsync(buffer).ConfigureAwait(false) > 0)
            {
            }
        }
    }

    /// <summary>Prints <c>Dashboard: URL</c> (flushed, so a script can read it at once) and, with --open, tries the browser.</summary>
    internal static async Task AnnounceAsync(CommandContext ctx, string url, bool open)
    {
        await ctx.Console.Out.WriteLineAsync($"Dashboard: {url}").ConfigureAwait(false);
        await ctx.Console.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        if (open)
        {
            TryOpen(ctx, url);
        }
    }

    private static void TryOpen(CommandContext ctx, string url)
    {
        try
        {
            var psi = new ProcessStartInfo("xdg-open") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            psi.ArgumentList.Add(url);
            using var process = Process.Start(psi);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            ctx.Console.Error.WriteLine($"gsd: could not open a browser (xdg-open: {ex.Message}); open the URL above yourself.");
        }
    }
}
