using Gsd.Protocol;

namespace Gsd.Auto;

/// <summary>
/// The backoff of one unit's free retries (ARCHITECTURE §4): a rate limit that names no reset waits
/// <see cref="Timings.RateLimitBackoff"/>, doubling up to 30 minutes; transient failures wait <see cref="Timings.TransientBackoff"/>,
/// doubling up to 5 minutes with ±20% jitter (so workers hit by the same outage do not come back in step), for at most
/// agent.transient_retry_for since the first of them — after that a transient failure counts as a try.
/// </summary>
internal sealed class AgentWaits(Timings timings, TimeSpan transientRetryFor)
{
    private static readonly TimeSpan RateLimitCap = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan TransientCap = TimeSpan.FromMinutes(5);

    private int _rateLimits;
    private int _transients;
    private DateTimeOffset? _transientSince;

    public TimeSpan NextRateLimit() => Doubled(timings.RateLimitBackoff, _rateLimits++, RateLimitCap);

    /// <summary>The wait before a free retry, or null when the transient window is spent (this failure counts).</summary>
    public TimeSpan? TransientAllowed(DateTimeOffset finished)
    {
        // From the end of the first failure: a slow failing run is still retried once for free.
        _transientSince ??= finished;
        if (finished - _transientSince.Value >= transientRetryFor)
        {
            // The next outage gets a window of its own.
            _transientSince = null;
            _transients = 0;
            return null;
        }
        var wait = Doubled(timings.TransientBackoff, _transients++, TransientCap);
        return wait * (0.8 + (0.4 * Random.Shared.NextDouble()));
    }

    private static TimeSpan Doubled(TimeSpan first, int times, TimeSpan cap)
    {
        var factor = Math.Pow(2, Math.Min(times, 20));
        return first.TotalMilliseconds * factor >= cap.TotalMilliseconds ? cap : first * factor;
    }
}
