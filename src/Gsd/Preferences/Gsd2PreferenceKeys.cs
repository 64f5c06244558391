namespace Gsd.Preferences;

/// <summary>
/// Keys GSD-2 itself reads from the same PREFERENCES.md. gsd ignores them, but says so as a
/// <see cref="PreferenceWarningKind.Gsd2Setting"/> rather than as a likely typo.
/// </summary>
internal static class Gsd2PreferenceKeys
{
    public static IReadOnlySet<string> TopLevel { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "version", "mode", "always_use_skills", "prefer_skills", "avoid_skills", "skill_rules",
        "custom_instructions", "models", "skill_discovery", "skill_staleness_days", "auto_supervisor",
        "uat_dispatch", "unique_milestone_ids", "budget_ceiling", "budget_enforcement",
        "context_pause_threshold", "notifications", "cmux", "remote_questions", "post_unit_hooks",
        "pre_dispatch_hooks", "dynamic_routing", "modelOverrides", "context_management", "token_profile",
        "phases", "auto_visualize", "auto_report", "verification_commands", "verification_auto_fix",
        "verification_max_retries", "search_provider", "context_selection", "widget_mode",
        "reactive_execution", "gate_evaluation", "github", "service_tier", "forensics_dedup",
        "show_token_cost", "stale_commit_threshold_minutes", "experimental", "codebase", "slice_parallel",
        "safety_harness", "enhanced_verification", "enhanced_verification_pre", "enhanced_verification_post",
        "enhanced_verification_strict", "discuss_preparation", "discuss_web_research", "discuss_depth",
        "components", "planning_depth", "min_request_interval_ms", "disabled_model_providers", "workspace",
    };

    public static IReadOnlySet<string> Git { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "auto_push", "push_branches", "remote", "snapshots", "commit_type", "merge_strategy", "isolation",
        "commit_docs", "manage_gitignore", "auto_pr", "pr_target_branch",
    };

    public static bool Contains(string? section, string name) => section switch
    {
        null => TopLevel.Contains(name),
        PreferenceSchema.Git => Git.Contains(name),
        _ => false,
    };
}
