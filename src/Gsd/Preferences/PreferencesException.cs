namespace Gsd.Preferences;

/// <summary>Bad preferences: every error found in the files read, reported together (exit code 2).</summary>
public sealed class PreferencesException : GsdException
{
    public PreferencesException(IReadOnlyList<PreferenceError> errors)
        : base(Describe(errors), ExitCodes.Usage)
    {
        Errors = errors;
    }

    public PreferencesException()
        : this([])
    {
    }

    public PreferencesException(string message)
        : base(message, ExitCodes.Usage)
    {
        Errors = [];
    }

    public PreferencesException(string message, Exception innerException)
        : base(message, innerException, ExitCodes.Usage)
    {
        Errors = [];
    }

    public IReadOnlyList<PreferenceError> Errors { get; }

    private static string Describe(IReadOnlyList<PreferenceError> errors) => errors.Count switch
    {
        0 => "Invalid preferences.",
        1 => errors[0].Message,
        _ => $"Invalid preferences ({errors.Count} errors):{Environment.NewLine}"
             + string.Join(Environment.NewLine, errors.Select(e => "  " + e.Message)),
    };
}
