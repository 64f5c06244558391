using Gsd.IO;

namespace Gsd.Protocol;

/// <summary>
/// <c>.gsd/parallel/agent-hold.json</c> (ARCHITECTURE §6): written by the worker whose agent hit a usage limit or a
/// permanent failure, so every worker on the same agent holds before its next unit instead of each discovering it.
/// </summary>
/// <param name="Agent">The agent kind held (claude, codex…).</param>
/// <param name="FailureClass">rate-limit (until <paramref name="Until"/>) or permanent (until the next run).</param>
/// <param name="Reason">The agent's own words.</param>
/// <param name="MilestoneId">The worker that hit it.</param>
public sealed record AgentHold(string Agent, string FailureClass, DateTimeOffset? Until, string Reason, string MilestoneId, DateTimeOffset SetAt)
{
    public const string RateLimit = "rate-limit";
    public const string Permanent = "permanent";

    /// <summary>Whether it still holds <paramref name="agent"/> at <paramref name="now"/>.</summary>
    public bool Holds(string agent, DateTimeOffset now) =>
        Agent == agent && (FailureClass == Permanent || (Until is { } until && until > now));

    /// <summary>The hold on record, or null when none (or it cannot be read: a hold is advice, never a reason to fail).</summary>
    public static AgentHold? Read(string path)
    {
        try
        {
            return JsonFile.Read(path, GsdJsonContext.Default.AgentHold);
        }
        catch (GsdException)
        {
            return null;
        }
    }

    /// <summary>Written atomically; a later rate-limit reset replaces an earlier one, and nothing replaces a permanent hold.</summary>
    public static void Write(string path, AgentHold hold)
    {
        var current = Read(path);
        if (current is not null && current.Agent == hold.Agent && current.FailureClass == Permanent && hold.FailureClass != Permanent)
        {
            return;
        }
        if (current is not null && current.Agent == hold.Agent && hold.FailureClass == RateLimit && current.Until > hold.Until)
        {
            return;
        }
        JsonFile.Write(path, hold, GsdJsonContext.Default.AgentHold);
    }

    /// <summary>A new run starts without the last one's hold.</summary>
    public static void Clear(string path) => File.Delete(path);
}
