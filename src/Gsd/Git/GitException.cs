namespace Gsd.Git;

/// <summary>A git command that failed; carries the exact command, directory and git's own words so nothing is swallowed.</summary>
public sealed class GitException : Exception
{
    public GitException(string command, string workingDirectory, int exitCode, string stdErr)
        : base($"git {command} failed (exit {exitCode}) in {workingDirectory}: {stdErr.Trim()}")
    {
        Command = command;
        WorkingDirectory = workingDirectory;
        ExitCode = exitCode;
        StdErr = stdErr;
    }

    public GitException()
    {
        Command = string.Empty;
        WorkingDirectory = string.Empty;
        StdErr = string.Empty;
    }

    public GitException(string message)
        : base(message)
    {
        Command = string.Empty;
        WorkingDirectory = string.Empty;
        StdErr = string.Empty;
    }

    public GitException(string message, Exception innerException)
        : base(message, innerException)
    {
        Command = string.Empty;
        WorkingDirectory = string.Empty;
        StdErr = string.Empty;
    }

    public string Command { get; }

    public string WorkingDirectory { get; }

    public int ExitCode { get; }

    public string StdErr { get; }
}
