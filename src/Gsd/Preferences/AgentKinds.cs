namespace Gsd.Preferences;

/// <summary>The values <c>agent.kind</c> accepts (ARCHITECTURE §5).</summary>
public static class AgentKinds
{
    public const string Claude = "claude";
    public const string Codex = "codex";
    public const string Command = "command";
    public const string Sim = "sim";

    public static IReadOnlyList<string> All { get; } = [Claude, Codex, Command, Sim];
}
