namespace Gsd.Preferences;

/// <summary>
/// What an unattended Claude Code may do (ARCHITECTURE §5). In <c>-p</c> mode acceptEdits alone denies every Bash
/// command, so the agent could not run the task's tests; allowing Bash lets it run commands in its worktree (its
/// current directory) while edits stay under acceptEdits. bypassPermissions is allowed but never the default.
/// </summary>
public static class AgentPermissions
{
    public const string DefaultMode = "acceptEdits";

    public static IReadOnlyList<string> DefaultAllowedTools { get; } = ["Bash"];

    /// <summary>The modes Claude Code 2.1 accepts for <c>--permission-mode</c>.</summary>
    public static IReadOnlyList<string> Modes { get; } = ["acceptEdits", "auto", "bypassPermissions", "manual", "dontAsk", "plan"];
}
