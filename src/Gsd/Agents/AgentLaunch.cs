namespace Gsd.Agents;

/// <summary>The concrete command line an adapter built for one run.</summary>
/// <param name="Executable">A full path (see <see cref="AgentExecutable.Resolve"/>); run directly, never through a shell.</param>
/// <param name="Timeout">Zero or negative = no limit.</param>
/// <param name="Environment">Extra variables (a null value removes one); the GSD_* variables are added on top.</param>
public sealed record AgentLaunch(
    string Executable,
    IReadOnlyList<string> Arguments,
    TimeSpan Timeout,
    IReadOnlyDictionary<string, string?>? Environment);
