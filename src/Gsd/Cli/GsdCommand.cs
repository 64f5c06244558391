using System.CommandLine;

namespace Gsd.Cli;

/// <summary>
/// One gsd command: it declares its options and arguments to the parser, reads them into its settings record (a bad
/// value is a <see cref="GsdException"/> with exit 2), says whether it stops gracefully, and runs against the context
/// it is given, rendering through its console port. Errors become a message on stderr and their documented exit code.
/// </summary>
internal abstract class GsdCommand<TSettings>
{
    /// <summary>The parser's command, its action bound to this command and the given console.</summary>
    public Command Create(ConsolePort console)
    {
        var command = Declare();
        command.SetAction((parse, ct) => InvokeAsync(parse, console, ct));
        return command;
    }

    /// <summary>Name, description, options and arguments.</summary>
    protected abstract Command Declare();

    /// <summary>The parsed options and arguments as settings, validated.</summary>
    protected abstract TSettings Bind(ParseResult parse);

    /// <summary>
    /// True for long-running commands that end cleanly when their token is cancelled: SIGTERM and Ctrl-C then cancel the
    /// token instead of killing the process (System.CommandLine's own handling would force an exit after 2 s, killing a
    /// worker in the middle of saving its interrupted unit).
    /// </summary>
    protected virtual bool StopsGracefully(TSettings settings) => false;

    protected abstract Task<int> RunAsync(CommandContext ctx, TSettings settings, CancellationToken ct);

    private async Task<int> InvokeAsync(ParseResult parse, ConsolePort console, CancellationToken ct)
    {
        SignalStop? stop = null;
        try
        {
            var ctx = CommandContext.From(parse.GetValue(GsdCli.DirectoryOption), console);
            var settings = Bind(parse);
            if (StopsGracefully(settings))
            {
                stop = new SignalStop(ct);
                ct = stop.Token;
            }
            return await RunAsync(ctx, settings, ct).ConfigureAwait(false);
        }
        catch (GsdException ex)
        {
            await console.Error.WriteLineAsync($"gsd: {ex.Message}").ConfigureAwait(false);
            return ex.ExitCode;
        }
        catch (Git.GitException ex)
        {
            await console.Error.WriteLineAsync($"gsd: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await console.Error.WriteLineAsync("gsd: interrupted").ConfigureAwait(false);
            return 130;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Ordinary filesystem trouble (a read-only folder, a file where a folder should be): .NET names the path.
            await console.Error.WriteLineAsync($"gsd: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await console.Error.WriteLineAsync(CrashReport.Describe(ex, parse.Tokens.Select(t => t.Value).ToList(), DateTimeOffset.UtcNow)).ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        finally
        {
            stop?.Dispose();
        }
    }
}
