namespace Gsd;

/// <summary>
/// An error meant for the user: the message names what is wrong and where; the exit code is the
/// documented one (see <see cref="ExitCodes"/>). Anything else that escapes is a bug and exits 1.
/// </summary>
public class GsdException : Exception
{
    public GsdException(string message, int exitCode = ExitCodes.Failure)
        : base(message)
    {
        ExitCode = exitCode;
    }

    public GsdException(string message, Exception innerException, int exitCode = ExitCodes.Failure)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    public GsdException()
    {
        ExitCode = ExitCodes.Failure;
    }

    public GsdException(string message)
        : this(message, ExitCodes.Failure)
    {
    }

    public GsdException(string message, Exception innerException)
        : this(message, innerException, ExitCodes.Failure)
    {
    }

    public int ExitCode { get; }
}

public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;

    /// <summary>The worker stopped because a unit kept failing (state <c>blocked</c>).</summary>
    public const int Blocked = 10;
}
