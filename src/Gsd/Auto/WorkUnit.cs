namespace Gsd.Auto;

/// <summary>One step of the worker loop (ARCHITECTURE §4). <see cref="Id"/> is <c>M002</c>, <c>M002/S01</c> or <c>M002/S01/T01</c>.</summary>
public sealed record WorkUnit(string Type, string Id, string Title, string MilestoneId, string? SliceId = null, string? TaskId = null)
{
    /// <summary>Units the worker does itself, without an agent.</summary>
    public bool IsWorkerUnit => Type is UnitTypes.CompleteSlice or UnitTypes.CompleteMilestone;
}

public static class UnitTypes
{
    public const string PlanMilestone = "plan-milestone";
    public const string PlanSlice = "plan-slice";
    public const string ExecuteTask = "execute-task";
    public const string CompleteSlice = "complete-slice";
    public const string CompleteMilestone = "complete-milestone";
}
