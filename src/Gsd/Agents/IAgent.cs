namespace Gsd.Agents;

/// <summary>A coding agent run as a child process in its own process group (ARCHITECTURE §5).</summary>
public interface IAgent
{
    /// <summary>The <see cref="AgentKinds"/> value this adapter implements.</summary>
    string Kind { get; }

    /// <summary>
    /// The process group of the run in progress, null when none runs. A worker that must stop at
    /// once may signal it (<see cref="ProcessGroup.Signal"/>); cancelling the run's token does the same and waits.
    /// </summary>
    int? ProcessGroupId { get; }

    /// <summary>
    /// Runs the agent once. Timeout and cancellation kill the whole process group and come back as
    /// <see cref="AgentResult.TimedOut"/> / <see cref="AgentResult.Interrupted"/> rather than as exceptions.
    /// Throws <see cref="GsdException"/> (exit 2) when the agent's executable is not installed.
    /// </summary>
    Task<AgentResult> RunAsync(AgentInvocation invocation, CancellationToken ct);
}
