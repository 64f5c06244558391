namespace Gsd.Preferences;

/// <summary>
/// Every key gsd reads (ARCHITECTURE §3), in template order. Loading, unknown-key detection and the
/// <c>gsd init</c> template are all driven from this one table, so they cannot drift apart.
/// </summary>
internal static class PreferenceSchema
{
    public const string Parallel = "parallel";
    public const string Agent = "agent";
    public const string Git = "git";

    public const string Enabled = "parallel.enabled";
    public const string MaxWorkers = "parallel.max_workers";
    public const string BudgetCeiling = "parallel.budget_ceiling";
    public const string MergeStrategy = "parallel.merge_strategy";
    public const string AutoMerge = "parallel.auto_merge";
    public const string MaxRestarts = "parallel.max_restarts";
    public const string Kind = "agent.kind";
    public const string Command = "agent.command";
    public const string Model = "agent.model";
    public const string Args = "agent.args";
    public const string UnitTimeout = "agent.unit_timeout";
    public const string TransientRetryFor = "agent.transient_retry_for";
    public const string PermissionMode = "agent.permission_mode";
    public const string AllowedTools = "agent.allowed_tools";
    public const string MainBranch = "git.main_branch";
    public const string PreMergeCheck = "git.pre_merge_check";
    public const string WorktreePostCreate = "git.worktree_post_create";

    public const int MinWorkers = 1;
    public const int MaxWorkersLimit = 4;

    /// <summary>Longer than any sane agent run, and well inside what timers accept.</summary>
    public static readonly TimeSpan MaxUnitTimeout = TimeSpan.FromHours(24);

    public const string CommandRequired = "must not be empty when agent.kind is command: give the agent's argv, e.g. [my-agent, --flag]";

    public static IReadOnlyList<string> Sections { get; } = [Parallel, Agent, Git];

    // Declared before Keys: static fields initialize in order.
    private static readonly Dictionary<string, MergeStrategy> MergeStrategies = new(StringComparer.OrdinalIgnoreCase)
    {
        ["per-milestone"] = Preferences.MergeStrategy.PerMilestone,
        ["per-slice"] = Preferences.MergeStrategy.PerSlice,
    };

    private static readonly Dictionary<string, AutoMerge> AutoMerges = new(StringComparer.OrdinalIgnoreCase)
    {
        ["auto"] = Preferences.AutoMerge.Auto,
        ["confirm"] = Preferences.AutoMerge.Confirm,
        ["manual"] = Preferences.AutoMerge.Manual,
    };

    private static readonly Dictionary<string, string> PermissionModes =
        AgentPermissions.Modes.ToDictionary(m => m, m => m, StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<string, string> Kinds =
        AgentKinds.All.ToDictionary(k => k, k => k, StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyList<PreferenceKey> Keys { get; } =
    [
        new(Parallel, "enabled", "false", "run several milestones at once: true | false",
            (r, k, n) => r.Bool(k, n, "must be true or false")),
        new(Parallel, "max_workers", "2", "concurrent workers: 1-4",
            (r, k, n) => r.Int(k, n, MinWorkers, MaxWorkersLimit, $"must be {MinWorkers}-{MaxWorkersLimit}")),
        new(Parallel, "budget_ceiling", "null", "USD across all workers of a run, e.g. 50.00; null = no ceiling",
            (r, k, n) => r.PositiveDecimalOrNull(k, n, "must be a number of USD greater than 0 (e.g. 50.00), or null for no ceiling")),
        new(Parallel, "merge_strategy", "per-milestone", "per-milestone | per-slice",
            (r, k, n) => r.Choice(k, n, MergeStrategies, "must be per-milestone or per-slice")),
        new(Parallel, "auto_merge", "confirm", "auto | confirm | manual",
            (r, k, n) => r.Choice(k, n, AutoMerges, "must be auto, confirm or manual")),
        new(Parallel, "max_restarts", "1", "times a crashed worker is restarted from its branch: 0 or more",
            (r, k, n) => r.Int(k, n, 0, int.MaxValue, "must be a whole number, 0 or more")),

        new(Agent, "kind", "claude", "claude | codex | command | sim",
            (r, k, n) => r.Choice(k, n, Kinds, "must be claude, codex, command or sim")),
        new(Agent, "command", "[]", "argv for kind=command, e.g. [my-agent, --flag]",
            (r, k, n) => r.StringList(k, n, "must be a list of strings (the agent's argv), e.g. [my-agent, --flag]", firstMustBeNonBlank: true)),
        new(Agent, "model", "null", "model passed to the agent; null = the agent's default",
            (r, k, n) => r.TextOrNull(k, n, "must be a model name, or null for the agent's default")),
        new(Agent, "args", "[]", "extra argv appended to the agent's command line, e.g. [--verbose]",
            (r, k, n) => r.StringList(k, n, "must be a list of strings, e.g. [--verbose]", firstMustBeNonBlank: false)),
        new(Agent, "unit_timeout", "30m", "time limit for one agent run, e.g. 90s, 30m, 1h30m (at most 24h)",
            (r, k, n) => r.Duration(k, n, MaxUnitTimeout, "must be a duration greater than 0 and at most 24h, like 500ms, 90s, 30m, 1h or 1h30m")),
        new(Agent, "transient_retry_for", "10m", "how long overloaded/5xx/connection errors are retried before one counts as a failed try (at most 24h)",
            (r, k, n) => r.Duration(k, n, MaxUnitTimeout, "must be a duration greater than 0 and at most 24h, like 30s, 10m or 1h")),
        new(Agent, "permission_mode", "acceptEdits", "claude --permission-mode: acceptEdits | auto | bypassPermissions | manual | dontAsk | plan",
            (r, k, n) => r.Choice(k, n, PermissionModes, "must be acceptEdits, auto, bypassPermissions, manual, dontAsk or plan")),
        new(Agent, "allowed_tools", "[Bash]", "claude --allowedTools, e.g. [Bash] or [\"Bash(npm test:*)\"]; [] = only what the mode allows",
            (r, k, n) => r.StringList(k, n, "must be a list of tool names, e.g. [Bash] or [\"Bash(npm test:*)\", Edit]", firstMustBeNonBlank: false)),

        new(Git, "main_branch", "null", "branch finished milestones merge into; null = the branch checked out when the milestone starts",
            (r, k, n) => r.TextOrNull(k, n, "must be a branch name (no spaces, no leading '-'), or null for the branch checked out when the milestone starts", BranchName.IsPlausible)),
        new(Git, "pre_merge_check", "null", "shell command run on the merged result before it lands, e.g. \"dotnet test\"",
            (r, k, n) => r.CommandOrNull(k, n, "must be a shell command, or null for none")),
        new(Git, "worktree_post_create", "null", "shell command run in each new worktree, e.g. \"npm ci\"",
            (r, k, n) => r.CommandOrNull(k, n, "must be a shell command, or null for none")),
    ];

    private static readonly Dictionary<string, PreferenceKey> ByDotted = Keys.ToDictionary(k => k.Dotted, StringComparer.Ordinal);

    public static PreferenceKey? Find(string section, string name) =>
        ByDotted.GetValueOrDefault($"{section}.{name}");

    public static IEnumerable<string> NamesIn(string section) =>
        Keys.Where(k => k.Section == section).Select(k => k.Name);

    /// <summary>Our dotted key whose last part is <paramref name="name"/> in another place, for "gsd reads X" hints.</summary>
    public static string? ElsewhereNamed(string name, string? notInSection) =>
        Keys.FirstOrDefault(k => k.Name == name && k.Section != notInSection)?.Dotted;
}
