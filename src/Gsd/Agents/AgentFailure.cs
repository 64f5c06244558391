namespace Gsd.Agents;

/// <summary>A classified agent failure.</summary>
/// <param name="Message">The agent's own words (the line that decided the class), fit for status and the retry prompt.</param>
/// <param name="ResetsAt">For a rate limit: when the agent said it resets; null when it did not say (back off instead).</param>
public sealed record AgentFailure(AgentFailureClass Class, string Message, DateTimeOffset? ResetsAt = null);
