using Gsd.Preferences;

namespace Gsd.Agents;

/// <summary>
/// How to run the coding agent, mapped from the <c>agent:</c> preferences (ARCHITECTURE §3, §5).
/// </summary>
/// <param name="Kind">claude | codex | command | sim (see <see cref="AgentKinds"/>).</param>
/// <param name="Command">argv for kind=command (ignored by the other kinds).</param>
/// <param name="Model">Passed as <c>--model</c> to claude and codex; null = the agent's default.</param>
/// <param name="Args">Extra argv appended after the adapter's own arguments.</param>
/// <param name="UnitTimeout">A run longer than this is killed with its process group; zero or negative = no limit.</param>
/// <param name="MaxBudgetUsd">Passed as <c>--max-budget-usd</c> to claude; null = none.</param>
/// <param name="Environment">Extra variables for the agent process (a null value removes one); null = none.</param>
public sealed record AgentSettings(
    string Kind,
    IReadOnlyList<string> Command,
    string? Model,
    IReadOnlyList<string> Args,
    TimeSpan UnitTimeout,
    decimal? MaxBudgetUsd,
    IReadOnlyDictionary<string, string?>? Environment = null)
{
    /// <summary>Where agent.kind / agent.command were set, as messages name it (a parallel run's workers: the project root's file).</summary>
    public string PreferencesFile { get; init; } = ".gsd/PREFERENCES.md";
    /// <summary>Claude Code's <c>--permission-mode</c> (agent.permission_mode).</summary>
    public string PermissionMode { get; init; } = AgentPermissions.DefaultMode;

    /// <summary>Claude Code's <c>--allowedTools</c> (agent.allowed_tools); empty = none beyond the mode's.</summary>
    public IReadOnlyList<string> AllowedTools { get; init; } = AgentPermissions.DefaultAllowedTools;
}
