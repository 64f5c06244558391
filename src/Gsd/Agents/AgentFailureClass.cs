namespace Gsd.Agents;

/// <summary>What kind of failure an agent run was (ARCHITECTURE §5): it decides whether the try counts.</summary>
public enum AgentFailureClass
{
    /// <summary>The run did not fail.</summary>
    None,

    /// <summary>A usage or rate limit: wait until its reset (or back off), without spending a try.</summary>
    RateLimit,

    /// <summary>Overloaded, 5xx, connection trouble: retried with backoff, not counted, for agent.transient_retry_for.</summary>
    Transient,

    /// <summary>Invalid key, authentication, billing, model not available: retrying cannot help.</summary>
    Permanent,

    /// <summary>Anything else: a failed try whose text goes into the retry prompt.</summary>
    Failed,
}

public static class AgentFailureClasses
{
    /// <summary>The name metrics and status use: rate-limit, transient, permanent, failed (null for none).</summary>
    public static string? Name(this AgentFailureClass c) => c switch
    {
        AgentFailureClass.RateLimit => "rate-limit",
        AgentFailureClass.Transient => "transient",
        AgentFailureClass.Permanent => "permanent",
        AgentFailureClass.Failed => "failed",
        _ => null,
    };
}
