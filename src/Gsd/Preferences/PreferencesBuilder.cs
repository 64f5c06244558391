namespace Gsd.Preferences;

/// <summary>Turns the merged settings into <see cref="GsdPreferences"/> and checks rules that span keys.</summary>
internal static class PreferencesBuilder
{
    public static GsdPreferences Build(IReadOnlyDictionary<string, PreferenceSetting> merged, List<PreferenceError> errors)
    {
        var defaults = GsdPreferences.Default;
        var parallel = new ParallelPreferences
        {
            Enabled = Get(merged, PreferenceSchema.Enabled, defaults.Parallel.Enabled),
            MaxWorkers = Get(merged, PreferenceSchema.MaxWorkers, defaults.Parallel.MaxWorkers),
            BudgetCeiling = Get(merged, PreferenceSchema.BudgetCeiling, defaults.Parallel.BudgetCeiling),
            MergeStrategy = Get(merged, PreferenceSchema.MergeStrategy, defaults.Parallel.MergeStrategy),
            AutoMerge = Get(merged, PreferenceSchema.AutoMerge, defaults.Parallel.AutoMerge),
            MaxRestarts = Get(merged, PreferenceSchema.MaxRestarts, defaults.Parallel.MaxRestarts),
        };
        var agent = new AgentPreferences
        {
            Kind = Get(merged, PreferenceSchema.Kind, defaults.Agent.Kind),
            Command = Get(merged, PreferenceSchema.Command, defaults.Agent.Command),
            Model = Get(merged, PreferenceSchema.Model, defaults.Agent.Model),
            Args = Get(merged, PreferenceSchema.Args, defaults.Agent.Args),
            UnitTimeout = Get(merged, PreferenceSchema.UnitTimeout, defaults.Agent.UnitTimeout),
            TransientRetryFor = Get(merged, PreferenceSchema.TransientRetryFor, defaults.Agent.TransientRetryFor),
            PermissionMode = Get(merged, PreferenceSchema.PermissionMode, defaults.Agent.PermissionMode),
            AllowedTools = Get(merged, PreferenceSchema.AllowedTools, defaults.Agent.AllowedTools),
        };
        var git = new GitPreferences
        {
            MainBranch = Get(merged, PreferenceSchema.MainBranch, defaults.Git.MainBranch),
            PreMergeCheck = Get(merged, PreferenceSchema.PreMergeCheck, defaults.Git.PreMergeCheck),
            WorktreePostCreate = Get(merged, PreferenceSchema.WorktreePostCreate, defaults.Git.WorktreePostCreate),
        };

        if (agent.Kind == AgentKinds.Command && agent.Command.Count == 0)
        {
            // Point at the empty command if a file wrote one, else at the line that chose kind=command.
            var where = merged.GetValueOrDefault(PreferenceSchema.Command) ?? merged[PreferenceSchema.Kind];
            var shown = merged.ContainsKey(PreferenceSchema.Command) ? "[]" : "(not set)";
            errors.Add(new PreferenceError(where.File, where.Line, PreferenceSchema.Command, shown, PreferenceSchema.CommandRequired));
        }
        return new GsdPreferences(parallel, agent, git);
    }

    // Readers only store values of the key's own type (null only where the key is nullable).
    private static T Get<T>(IReadOnlyDictionary<string, PreferenceSetting> merged, string key, T fallback) =>
        merged.TryGetValue(key, out var setting) ? (T)setting.Value! : fallback;
}
