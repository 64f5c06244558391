using System.Text.Json.Serialization;
using Gsd.Protocol;

namespace Gsd.Parallel;

/// <summary>
/// The <c>gsd parallel status --json</c> document (ARCHITECTURE §6, §8), built from the files alone. <paramref name="TotalCost"/>
/// is the project's (every run, solo units and merged work included); <see cref="RunCost"/> is this run's, the sum the
/// budget ceiling is checked against.
/// </summary>
public sealed record ParallelStatusReport(
    CoordinatorInfo Coordinator,
    IReadOnlyList<WorkerView> Workers,
    decimal TotalCost,
    decimal? BudgetCeiling,
    bool BudgetReached,
    IReadOnlyList<string> ReadyToMerge,
    IReadOnlyList<MilestoneConflict> PredictedConflicts)
{
    /// <summary>The current run (coordinator.json's), or null when no coordinator has run here.</summary>
    [JsonPropertyOrder(-1)]
    public string? RunId { get; init; }

    /// <summary>This run's workers, live and finished, and merged ones retired.</summary>
    public decimal RunCost { get; init; }

    /// <summary>Status files of earlier runs' milestones left out of <see cref="Workers"/> (shown with <c>--all</c>).</summary>
    public int EarlierRunsHidden { get; init; }

    /// <summary>State files that exist but cannot be read (what they describe is missing from the report); status exits 1.</summary>
    public IReadOnlyList<UnreadableFile> Unreadable { get; init; } = [];

    /// <summary>The preferences the run took from the project root (<c>.gsd/parallel/preferences.json</c>), or null when none were recorded.</summary>
    public RunPreferencesView? Preferences { get; init; }

    /// <summary>A usage limit (until its reset) or a permanent failure holding every worker on that agent; null when none.</summary>
    public AgentHold? AgentHold { get; init; }
}

/// <summary>Where a run's preferences came from: <paramref name="Sources"/> as shown, the files' full paths, when, and for which run.</summary>
public sealed record RunPreferencesView(string Sources, IReadOnlyList<string> Files, DateTimeOffset TakenAt, string RunId);

public sealed record CoordinatorInfo(int? Pid, bool Alive, string? RunId, double? HeartbeatAgeSeconds, string? ExitReason)
{
    /// <summary>The whole run is paused: no new workers start.</summary>
    public bool Paused { get; init; }

    /// <summary>The whole run was told to stop: no new workers start; it ends once none runs.</summary>
    public bool Stopping { get; init; }

    /// <summary>It died without saying why (killed, out of memory): `gsd parallel start` adopts its live workers and merges what completed.</summary>
    public bool Crashed { get; init; }
}

/// <summary>
/// One milestone in `status`: <paramref name="State"/> is its worker's state as shown (<c>crashed</c> included), or its run
/// state when it never wrote a status file; <paramref name="RunState"/> is its state in the run (merges.json has the last word on a merge).
/// </summary>
public sealed record WorkerView(
    string MilestoneId,
    string Title,
    string State,
    int Pid,
    UnitRef? CurrentUnit,
    int CompletedUnits,
    Progress Progress,
    decimal Cost,
    double HeartbeatAgeSeconds,
    string? Worktree,
    string? Branch,
    string? Error,
    RunState? RunState)
{
    /// <summary>Its status file is an earlier run's (merged, or ended with nothing to merge); listed only with <c>--all</c>.</summary>
    public bool EarlierRun { get; init; }

    /// <summary>Some unit's agent printed no cost (codex): <paramref name="Cost"/> counts only reported costs.</summary>
    public bool CostUnknown { get; init; }
    /// <summary>State waiting: when it goes on (ISO 8601, UTC).</summary>
    public DateTimeOffset? WaitingUntil { get; init; }

    /// <summary>State waiting: why (rate-limit: … or transient: …, with the agent's words).</summary>
    public string? WaitReason { get; init; }

    /// <summary>Tool uses its agent was denied in its last run; null when none.</summary>
    public IReadOnlyList<string>? PermissionDenials { get; init; }

    /// <summary>What its agent is doing now (e.g. <c>Bash: npm test</c>), from the agent's event stream; null when no agent runs.</summary>
    public string? Activity { get; init; }

    /// <summary>USD the running unit has cost so far (estimated from tokens until the agent reports its cost); null between units.</summary>
    public decimal? UnitCostSoFar { get; init; }
}

