using Gsd.Protocol;

namespace Gsd.Auto;

/// <summary>How a worker run ended: the final state it wrote (null when no milestone was eligible: idle) and the exit code that goes with it.</summary>
public sealed record AutoOutcome(WorkerState? State, string? MilestoneId, string? Reason)
{
    public int ExitCode => State switch
    {
        null or WorkerState.Complete or WorkerState.Stopped or WorkerState.Paused => ExitCodes.Ok,
        WorkerState.Blocked => ExitCodes.Blocked,
        _ => ExitCodes.Failure,
    };
}
