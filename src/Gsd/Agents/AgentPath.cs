namespace Gsd.Agents;

/// <summary>The PATH an agent's executable is looked up on: the agent's own environment's when the settings set one.</summary>
internal static class AgentPath
{
    public static string? Of(AgentSettings settings) =>
        settings.Environment is { } env && env.TryGetValue("PATH", out var path) ? path : null;
}
