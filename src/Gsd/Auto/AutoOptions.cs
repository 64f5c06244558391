using Gsd.Protocol;

namespace Gsd.Auto;

/// <summary>
/// How a worker runs. <see cref="Checkout"/> is where it works (a worktree or the project root);
/// <see cref="ProjectRoot"/> is the main project (where .gsd/parallel/ lives). <see cref="Timings"/> gives the heartbeat
/// and signal poll periods (<see cref="Timings.FromEnvironment"/> in a real worker).
/// </summary>
public sealed record AutoOptions(
    string ProjectRoot,
    string Checkout,
    string? MilestoneLock,
    bool ParallelWorker,
    Timings Timings)
{
    /// <summary>Tries per unit before the worker stops in state blocked.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Where the worker reports what does not stop it (a missed heartbeat write): the command's stderr.</summary>
    public TextWriter Warnings { get; init; } = TextWriter.Null;

    /// <summary>The parallel run this worker belongs to (GSD_RUN_ID), written into its status file; null when solo.</summary>
    public string? RunId { get; init; }

    /// <summary>
    /// A parallel worker whose coordinator has just checked its worktree out (GSD_FRESH_CHECKOUT): nothing in it can be
    /// uncommitted, so crash recovery skips its full `git status` of the tree.
    /// </summary>
    public bool FreshCheckout { get; init; }

    /// <summary>Where agent.kind / agent.command come from, for agent errors (file:line); null = the checkout's .gsd/PREFERENCES.md.</summary>
    public string? AgentPreferencesFile { get; init; }
}
