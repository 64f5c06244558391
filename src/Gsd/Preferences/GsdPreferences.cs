namespace Gsd.Preferences;

/// <summary>The effective preferences: global file, then project file, merged key by key (ARCHITECTURE §3).</summary>
public sealed record GsdPreferences(ParallelPreferences Parallel, AgentPreferences Agent, GitPreferences Git)
{
    /// <summary>What gsd does when no preferences file sets anything.</summary>
    public static GsdPreferences Default { get; } = new(new ParallelPreferences(), new AgentPreferences(), new GitPreferences());
}
