using System.Text;
using CliWrap.Buffered;
using CliWrap;

namespace Gsd.Git;

/// <summary>The one place gsd starts git. Arguments go as argv, never through a shell.</summary>
public sealed class GitRunner
{
    private static readonly IReadOnlyDictionary<string, string?> Environment = new Dictionary<string, string?>
    {
        // Parseable, prompt-free output whatever the user's locale and config; variables a git hook
        // may have exported must not redirect us to another repository or index.
        ["LC_ALL"] = "C",
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["GIT_DIR"] = null,
        ["GIT_WORK_TREE"] = null,
        ["GIT_INDEX_FILE"] = null,
        ["GIT_OPTIONAL_LOCKS"] = "0",
    };

    public GitRunner(string workingDirectory)
    {
        WorkingDirectory = workingDirectory;
    }

    public string WorkingDirectory { get; }

    /// <summary>Runs git and returns its result whatever the exit code.</summary>
    public async Task<GitResult> TryRunAsync(IEnumerable<string> args, string? stdIn = null, IReadOnlyDictionary<string, string?>? env = null, CancellationToken ct = default)
    {
        var argList = args.ToList();
        var command = CliWrap.Cli.Wrap("git")
            .WithArguments(argList)
            .WithWorkingDirectory(WorkingDirectory)
            .WithEnvironmentVariables(b =>
            {
                b.Set(Environment);
                if (env is not null)
                {
                    b.Set(env);
                }
            })
            .WithValidation(CommandResultValidation.None);
        if (stdIn is not null)
        {
            command = command.WithStandardInputPipe(PipeSource.FromString(stdIn, Encoding.UTF8));
        }
        var result = await command.ExecuteBufferedAsync(Encoding.UTF8, ct).ConfigureAwait(false);
        return new GitResult(result.ExitCode, result.StandardOutput, result.StandardError);
    }

    public Task<GitResult> TryRunAsync(params string[] args) => TryRunAsync(args, null, null, default);

    /// <summary>Runs git and returns stdout; a non-zero exit becomes a <see cref="GitException"/> with git's message.</summary>
    public async Task<string> RunAsync(IEnumerable<string> args, string? stdIn = null, IReadOnlyDictionary<string, string?>? env = null, CancellationToken ct = default)
    {
        var argList = args.ToList();
        var result = await TryRunAsync(argList, stdIn, env, ct).ConfigureAwait(false);
        if (!result.Success)
        {
            throw new GitException(string.Join(' ', argList), WorkingDirectory, result.ExitCode, result.StdErr.Length > 0 ? result.StdErr : result.StdOut);
        }
        return result.StdOut;
    }

    public Task<string> RunAsync(params string[] args) => RunAsync(args, null, null, default);
}
