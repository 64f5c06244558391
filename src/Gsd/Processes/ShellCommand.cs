using CliWrap;

namespace Gsd.Processes;

/// <summary>What a shell command did: exit code (-1 when timed out) and its combined output, one line per <c>\n</c>.</summary>
public sealed record ShellResult(int ExitCode, string Output, bool TimedOut)
{
    public bool Success => ExitCode == 0 && !TimedOut;

    /// <summary>The last <paramref name="count"/> lines of the output, joined by <c>\n</c>, without a marker for what was cut.</summary>
    public string LastLines(int count)
    {
        var text = Output.EndsWith('\n') ? Output[..^1] : Output;
        var lines = text.Split('\n');
        return string.Join('\n', lines.Length <= count ? lines : lines[^count..]);
    }
}

/// <summary>
/// The one runner of user-written shell command lines (a task's Verify:, git.pre_merge_check, git.worktree_post_create):
/// <c>sh -c</c>, stdout and stderr captured together line by line. Only the last <see cref="KeptLines"/> lines are kept,
/// so a chatty build cannot fill memory; callers show a tail of them anyway.
/// </summary>
public static class ShellCommand
{
    public const int KeptLines = 10_000;

    /// <summary>Runs <paramref name="commandLine"/>; <paramref name="env"/> values set variables, null values remove them.</summary>
    public static async Task<ShellResult> RunAsync(string commandLine, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string?>? env = null, CancellationToken ct = default)
    {
        using var timeoutCts = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeoutCts.Token);
        var kept = new Queue<string>();
        void Collect(string line)
        {
            lock (kept)
            {
                kept.Enqueue(line);
                if (kept.Count > KeptLines)
                {
                    kept.Dequeue();
                }
            }
        }
        string Output()
        {
            lock (kept)
            {
                return string.Concat(kept.Select(l => l + "\n"));
            }
        }
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
            .WithStandardOutputPipe(PipeTarget.ToDelegate(Collect))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(Collect))
            .WithValidation(CommandResultValidation.None);
        try
        {
            var result = await command.ExecuteAsync(linked.Token).ConfigureAwait(false);
            return new ShellResult(result.ExitCode, Output(), false);
        }
        catch (OperationCanceledException) when (timeoutCts.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return new ShellResult(-1, Output() + $"\n(timed out after {timeout})", true);
        }
    }

    /// <summary>The last <paramref name="lines"/> lines of a command's output, for retry prompts and error reports.</summary>
    public static string Tail(string text, int lines = 40)
    {
        var all = text.TrimEnd().Split('\n');
        return all.Length <= lines ? string.Join('\n', all) : "…\n" + string.Join('\n', all[^lines..]);
    }
}
