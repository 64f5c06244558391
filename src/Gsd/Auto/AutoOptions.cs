namespace Gsd.Auto;

/// <summary>
/// How a worker runs. <see cref="Checkout"/> is where it works (a worktree or the project root);
/// <see cref="ProjectRoot"/> is the main project (where .gsd/parallel/ lives).
/// </summary>
public sealed record AutoOptions(
    string ProjectRoot,
    string Checkout,
    string? MilestoneLock,
    bool ParallelWorker,
    TimeSpan HeartbeatInterval)
{
    /// <summary>Tries per unit before the worker stops in state blocked.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Where the worker reports what does not stop it (a missed heartbeat write): the command's stderr.</summary>
    public TextWriter Warnings { get; init; } = TextWriter.Null;

    /// <summary>Heartbeat period, overridable for tests and benchmarks through GSD_HEARTBEAT_MS.</summary>
    public static TimeSpan HeartbeatFromEnvironment()
    {
        var raw = Environment.GetEnvironmentVariable("GSD_HEARTBEAT_MS");
        return int.TryParse(raw, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var ms) && ms > 0
            ? TimeSpan.FromMilliseconds(ms)
            : TimeSpan.FromSeconds(2);
    }
}
