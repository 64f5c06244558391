using System.Text;
using CliWrap;

namespace Gsd.Processes;

public sealed record ShellResult(int ExitCode, string Output, bool TimedOut)
{
    public bool Success => ExitCode == 0 && !TimedOut;
}

/// <summary>Runs a user-written shell command line (a task's Verify:, git.pre_merge_check) with <c>sh -c</c>, output captured.</summary>
public static class ShellCommand
{
    public static async Task<ShellResult> RunAsync(string commandLine, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string?>? env = null, CancellationToken ct = default)
    {
        using var timeoutCts = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeoutCts.Token);
        var output = new StringBuilder();
        var command = CliWrap.Cli.Wrap("sh")
            .WithArguments(["-c", commandLine])
            .WithWorkingDirectory(workingDirectory)
            .WithEnvironmentVariables(b =>
            {
                if (env is not null)
                {
                    b.Set(env);
                }
            })
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(output))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(output))
            .WithValidation(CommandResultValidation.None);
        try
        {
            var result = await command.ExecuteAsync(linked.Token).ConfigureAwait(false);
            return new ShellResult(result.ExitCode, output.ToString(), false);
        }
        catch (OperationCanceledException) when (timeoutCts.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return new ShellResult(-1, output + $"\n(timed out after {timeout})", true);
        }
    }

    /// <summary>The last <paramref name="lines"/> lines of a command's output, for retry prompts and error reports.</summary>
    public static string Tail(string text, int lines = 40)
    {
        var all = text.TrimEnd().Split('\n');
        return all.Length <= lines ? string.Join('\n', all) : "…\n" + string.Join('\n', all[^lines..]);
    }
}
