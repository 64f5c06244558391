namespace Gsd.Agents;

/// <summary>
/// What an agent is doing and has spent so far, read from its event stream while it runs (ARCHITECTURE §5).
/// </summary>
/// <param name="Activity">What it is doing now, e.g. <c>Bash: npm test</c>; null before its first event.</param>
/// <param name="Tokens">Tokens used so far.</param>
/// <param name="Cost">USD so far: what the agent reported, else an estimate from <see cref="ModelPrices"/>.</param>
/// <param name="CostEstimated">True while <paramref name="Cost"/> is gsd's estimate rather than the agent's own figure.</param>
/// <param name="Model">The model the stream named, when it named one.</param>
public sealed record AgentProgress(string? Activity, TokenUsage Tokens, decimal Cost, bool CostEstimated, string? Model)
{
    public static AgentProgress None { get; } = new(null, TokenUsage.Zero, 0m, false, null);
}
