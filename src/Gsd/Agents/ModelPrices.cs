namespace Gsd.Agents;

/// <summary>
/// List prices (USD per million tokens) for estimating what an agent run has cost before it reports its own figure — Claude
/// Code states its cost only in its final result, so a unit stopped mid-run would otherwise count as free. An estimate:
/// an unknown model is priced as Sonnet, and a finished run's reported cost always replaces it.
/// </summary>
public static class ModelPrices
{
    /// <summary>Input, output, cache read, cache write (5-minute) per million tokens.</summary>
    private sealed record Price(decimal Input, decimal Output, decimal CacheRead, decimal CacheWrite);

    private static readonly Price Opus4 = new(15m, 75m, 1.50m, 18.75m);
    private static readonly Price Opus45 = new(5m, 25m, 0.50m, 6.25m);
    private static readonly Price Sonnet = new(3m, 15m, 0.30m, 3.75m);
    private static readonly Price Haiku45 = new(1m, 5m, 0.10m, 1.25m);
    private static readonly Price Haiku35 = new(0.80m, 4m, 0.08m, 1m);
    private static readonly Price Haiku3 = new(0.25m, 1.25m, 0.03m, 0.30m);

    /// <summary>The estimated USD cost of <paramref name="tokens"/> on <paramref name="model"/>.</summary>
    public static decimal Estimate(string? model, TokenUsage tokens)
    {
        var p = For(model);
        return ((tokens.Input * p.Input) + (tokens.Output * p.Output) + (tokens.CacheRead * p.CacheRead) + (tokens.CacheWrite * p.CacheWrite)) / 1_000_000m;
    }

    private static Price For(string? model)
    {
        var m = (model ?? string.Empty).ToLowerInvariant();
        if (m.Contains("opus", StringComparison.Ordinal))
        {
            // Opus 3, 4 and 4.1 (claude-opus-4-20250514, claude-opus-4-1-…) kept the old price; 4.5 and later cost a third of it.
            return m.Contains("3-opus", StringComparison.Ordinal) || m.Contains("opus-4-1", StringComparison.Ordinal) || IsOpus4(m) ? Opus4 : Opus45;
        }
        if (m.Contains("haiku", StringComparison.Ordinal))
        {
            return m.Contains("3-5-haiku", StringComparison.Ordinal) ? Haiku35 : m.Contains("3-haiku", StringComparison.Ordinal) ? Haiku3 : Haiku45;
        }
        return Sonnet;
    }

    /// <summary>claude-opus-4 or claude-opus-4-YYYYMMDD: version 4.0.</summary>
    private static bool IsOpus4(string m)
    {
        var at = m.IndexOf("opus-4", StringComparison.Ordinal);
        var rest = m[(at + "opus-4".Length)..];
        return rest.Length == 0 || (rest.Length >= 9 && rest[0] == '-' && rest[1..9].All(char.IsAsciiDigit));
    }
}
