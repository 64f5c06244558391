namespace Gsd.Doctor;

/// <summary>How bad a finding is. Only <see cref="Error"/> findings left unfixed make <c>gsd doctor</c> exit 1.</summary>
public static class DoctorSeverity
{
    /// <summary>Stops gsd from working correctly until repaired (bad preferences, a dependency cycle, tracked runtime files).</summary>
    public const string Error = "error";

    /// <summary>Leftovers of a crash or a likely mistake; gsd copes, but something deserves a look or a <c>--fix</c>.</summary>
    public const string Warning = "warning";

    /// <summary>Worth knowing, nothing to do (e.g. a GSD-2 setting gsd ignores).</summary>
    public const string Info = "info";
}
