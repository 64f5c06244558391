namespace Gsd.Preferences;

/// <summary>The <c>parallel:</c> section. Every property starts at its documented default.</summary>
public sealed record ParallelPreferences
{
    /// <summary>Master toggle for <c>gsd parallel</c>.</summary>
    public bool Enabled { get; init; }

    /// <summary>Concurrent workers, 1-4.</summary>
    public int MaxWorkers { get; init; } = 2;

    /// <summary>USD across all workers of a run; null = no ceiling. Always &gt; 0 when set.</summary>
    public decimal? BudgetCeiling { get; init; }

    public MergeStrategy MergeStrategy { get; init; } = MergeStrategy.PerMilestone;

    public AutoMerge AutoMerge { get; init; } = AutoMerge.Confirm;

    /// <summary>Times a crashed worker is restarted from its branch, &gt;= 0.</summary>
    public int MaxRestarts { get; init; } = 1;
}
