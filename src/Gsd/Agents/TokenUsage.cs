namespace Gsd.Agents;

/// <summary>
/// Tokens one agent run used. <see cref="Input"/> excludes cache reads and writes (Anthropic's
/// convention), so the four parts never overlap and <see cref="Total"/> is their sum.
/// </summary>
public sealed record TokenUsage(long Input, long Output, long CacheRead, long CacheWrite)
{
    public static TokenUsage Zero { get; } = new(0, 0, 0, 0);

    public long Total => Input + Output + CacheRead + CacheWrite;

    public TokenUsage Add(TokenUsage other) =>
        new(Input + other.Input, Output + other.Output, CacheRead + other.CacheRead, CacheWrite + other.CacheWrite);
}
