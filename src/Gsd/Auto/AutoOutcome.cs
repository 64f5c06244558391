namespace Gsd.Auto;

/// <summary>How a worker run ended: the final state it wrote and the exit code that goes with it.</summary>
public sealed record AutoOutcome(string State, string? MilestoneId, string? Reason)
{
    public int ExitCode => State switch
    {
        "complete" or "stopped" or "idle" or "paused" => ExitCodes.Ok,
        "blocked" => ExitCodes.Blocked,
        _ => ExitCodes.Failure,
    };
}
