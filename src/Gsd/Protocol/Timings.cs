using System.Globalization;

namespace Gsd.Protocol;

/// <summary>
/// Every period, grace and wait of a parallel run in one place: the clock contract between the coordinator and its
/// workers (a worker heartbeats every <see cref="Heartbeat"/>; the coordinator calls it dead after <see cref="DeadAfter"/>
/// of silence). <see cref="Default"/> is what gsd runs with; tests inject shorter ones.
/// </summary>
public sealed record Timings
{
    /// <summary>The name of the hidden variable that overrides timings in child processes started by tests.</summary>
    public const string EnvironmentVariable = "GSD_TIMINGS";

    public static Timings Default { get; } = new();

    /// <summary>How often a worker rewrites its status file (its heartbeat).</summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A live-state worker whose heartbeat is older than this is dead (hung, or gone without a word).</summary>
    public TimeSpan DeadAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The coordinator's period.</summary>
    public TimeSpan CoordinatorTick { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long `gsd parallel stop` gives a worker to save its unit and exit before SIGKILL.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the coordinator gives a hung (alive but silent) worker after SIGTERM before SIGKILL.</summary>
    public TimeSpan HungWorkerGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a SIGKILLed worker may take to disappear before it counts as still alive.</summary>
    public TimeSpan SigkillWait { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a dying worker is looked for.</summary>
    public TimeSpan KillPoll { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long `start` waits for each launched worker's first heartbeat (or the coordinator's first report).</summary>
    public TimeSpan StartWait { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often `start` reads the coordinator's record while it waits.</summary>
    public TimeSpan StartPoll { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often a worker reads its signal file while a unit runs or it is paused.</summary>
    public TimeSpan SignalPoll { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often a merge retries the merge lock while another merge holds it.</summary>
    public TimeSpan LockPoll { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long `gsd parallel stop` waits for the coordinator to exit by itself before SIGTERM.</summary>
    public TimeSpan CoordinatorExitWait { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The first wait after a transient agent failure (overloaded, 5xx); doubled each time, with jitter, up to 5 minutes.</summary>
    public TimeSpan TransientBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The first wait after a usage/rate limit that names no reset time; doubled each time up to 30 minutes.</summary>
    public TimeSpan RateLimitBackoff { get; init; } = TimeSpan.FromMinutes(1);

    private static readonly Dictionary<string, Func<Timings, TimeSpan, Timings>> Keys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["heartbeat"] = (t, v) => t with { Heartbeat = v },
        ["deadAfter"] = (t, v) => t with { DeadAfter = v },
        ["tick"] = (t, v) => t with { CoordinatorTick = v },
        ["stopGrace"] = (t, v) => t with { StopGrace = v },
        ["hungWorkerGrace"] = (t, v) => t with { HungWorkerGrace = v },
        ["sigkillWait"] = (t, v) => t with { SigkillWait = v },
        ["killPoll"] = (t, v) => t with { KillPoll = v },
        ["startWait"] = (t, v) => t with { StartWait = v },
        ["startPoll"] = (t, v) => t with { StartPoll = v },
        ["signalPoll"] = (t, v) => t with { SignalPoll = v },
        ["lockPoll"] = (t, v) => t with { LockPoll = v },
        ["coordinatorExitWait"] = (t, v) => t with { CoordinatorExitWait = v },
        ["transientBackoff"] = (t, v) => t with { TransientBackoff = v },
        ["rateLimitBackoff"] = (t, v) => t with { RateLimitBackoff = v },
    };

    /// <summary>
    /// The timings of this process: <see cref="Default"/>, then the older single knobs (GSD_HEARTBEAT_MS,
    /// GSD_COORDINATOR_TICK_MS, GSD_STOP_GRACE_MS), then GSD_TIMINGS. Hidden, for tests and benchmarks only:
    /// GSD_TIMINGS=heartbeat=200ms,deadAfter=2s,tick=100ms (keys as in <see cref="Parse"/>; units ms or s).
    /// </summary>
    public static Timings FromEnvironment()
    {
        var t = Default;
        if (Millis("GSD_HEARTBEAT_MS", 1) is { } heartbeat)
        {
            t = t with { Heartbeat = heartbeat };
        }
        if (Millis("GSD_COORDINATOR_TICK_MS", 1) is { } tick)
        {
            t = t with { CoordinatorTick = tick };
        }
        if (Millis("GSD_STOP_GRACE_MS", 0) is { } grace)
        {
            t = t with { StopGrace = grace };
        }
        var raw = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrWhiteSpace(raw) ? t : Parse(raw, t);
    }

    /// <summary>
    /// Applies <c>key=duration</c> pairs (comma separated) to <paramref name="baseline"/>. Strict: an unknown key, a
    /// missing '=', or a duration that is not a non-negative number followed by ms or s is an error naming it.
    /// </summary>
    public static Timings Parse(string text, Timings baseline)
    {
        var t = baseline;
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new GsdException($"{EnvironmentVariable}: '{part}' is not key=duration (e.g. heartbeat=200ms).", ExitCodes.Usage);
            }
            var key = part[..eq].Trim();
            if (!Keys.TryGetValue(key, out var set))
            {
                throw new GsdException($"{EnvironmentVariable}: unknown key '{key}'; known: {string.Join(", ", Keys.Keys)}.", ExitCodes.Usage);
            }
            t = set(t, Duration(key, part[(eq + 1)..].Trim()));
        }
        return t;
    }

    private static TimeSpan Duration(string key, string value)
    {
        var (number, unit) = value.EndsWith("ms", StringComparison.Ordinal) ? (value[..^2], 1.0)
            : value.EndsWith('s') ? (value[..^1], 1000.0)
            : (null, 0);
        if (number is null || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) || n * unit > int.MaxValue)
        {
            throw new GsdException($"{EnvironmentVariable}: {key}='{value}' is not a duration (a number followed by ms or s, e.g. 250ms or 2s).", ExitCodes.Usage);
        }
        return TimeSpan.FromMilliseconds(n * unit);
    }

    private static TimeSpan? Millis(string variable, int minimum) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms >= minimum
            ? TimeSpan.FromMilliseconds(ms)
            : null;
}
