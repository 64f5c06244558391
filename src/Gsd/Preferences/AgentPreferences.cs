namespace Gsd.Preferences;

/// <summary>
/// The <c>agent:</c> section. Every property starts at its documented default. Equality compares
/// the argv lists element by element, so two loads of the same file are equal.
/// </summary>
public sealed record AgentPreferences
{
    /// <summary>One of <see cref="AgentKinds"/>: claude, codex, command, sim.</summary>
    public string Kind { get; init; } = AgentKinds.Claude;

    /// <summary>The agent's argv for kind=command (never empty then).</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>Model passed to the agent; null = the agent's own default.</summary>
    public string? Model { get; init; }

    /// <summary>Extra argv appended to the agent's command line.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>Time limit for one agent run; always &gt; 0.</summary>
    public TimeSpan UnitTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a unit's transient agent failures (overloaded, 5xx, connection) are retried before one counts as a try.</summary>
    public TimeSpan TransientRetryFor { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Claude Code's <c>--permission-mode</c>; one of <see cref="AgentPermissions.Modes"/>.</summary>
    public string PermissionMode { get; init; } = AgentPermissions.DefaultMode;

    /// <summary>Claude Code's <c>--allowedTools</c>; by default Bash, so the agent can run the task's checks.</summary>
    public IReadOnlyList<string> AllowedTools { get; init; } = AgentPermissions.DefaultAllowedTools;

    public bool Equals(AgentPreferences? other) =>
        other is not null
        && Kind == other.Kind
        && Command.SequenceEqual(other.Command)
        && Model == other.Model
        && Args.SequenceEqual(other.Args)
        && UnitTimeout == other.UnitTimeout
        && TransientRetryFor == other.TransientRetryFor
        && PermissionMode == other.PermissionMode
        && AllowedTools.SequenceEqual(other.AllowedTools);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Kind);
        foreach (var part in Command)
        {
            hash.Add(part);
        }
        hash.Add(Model);
        foreach (var arg in Args)
        {
            hash.Add(arg);
        }
        hash.Add(UnitTimeout);
        hash.Add(TransientRetryFor);
        hash.Add(PermissionMode);
        foreach (var tool in AllowedTools)
        {
            hash.Add(tool);
        }
        return hash.ToHashCode();
    }
}
