using Gsd.Auto;
using Gsd.Planning;

namespace Gsd.Rendering;

/// <summary>The <c>gsd queue --json</c> document (ARCHITECTURE §8).</summary>
public sealed record QueueReport(string Root, IReadOnlyList<QueueMilestone> Milestones, IReadOnlyList<QueueProblem> Problems)
{
    /// <param name="owners">Who holds each milestone outside this checkout (<see cref="MilestoneOwnership"/>); none when null.</param>
    public static QueueReport From(PlanningProject project, IReadOnlyDictionary<string, MilestoneOwner>? owners = null) => new(
        project.Root,
        project.Milestones.Select(m => new QueueMilestone(
            m.Id,
            m.Title,
            StatusName(m.Status),
            m.DependsOn,
            m.WaitingFor,
            m.SlicesDone,
            m.SlicesTotal,
            m.TasksDone,
            m.TasksTotal)
        {
            RunState = owners?.GetValueOrDefault(m.Id)?.State.Name(),
            WorkerPid = owners?.GetValueOrDefault(m.Id)?.WorkerPid,
        }).ToList(),
        project.Problems.Select(p => new QueueProblem(p.Code, p.Message, p.Path, p.Line, p.MilestoneId)).ToList());

    public static string StatusName(MilestoneStatus status) => status switch
    {
        MilestoneStatus.Complete => "complete",
        MilestoneStatus.Parked => "parked",
        MilestoneStatus.Ghost => "ghost",
        MilestoneStatus.Ready => "ready",
        MilestoneStatus.Blocked => "blocked",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}

public sealed record QueueMilestone(
    string Id,
    string Title,
    string Status,
    IReadOnlyList<string> DependsOn,
    IReadOnlyList<string> WaitingFor,
    int SlicesDone,
    int SlicesTotal,
    int TasksDone,
    int TasksTotal)
{
    /// <summary>null, running, paused, waiting, awaiting-merge, gave-up, merge-conflict, merge-failed or crashed (DESIGN §10).</summary>
    public string? RunState { get; init; }

    /// <summary>The live worker's pid while running, paused or waiting.</summary>
    public int? WorkerPid { get; init; }
}

public sealed record QueueProblem(string Code, string Message, string? Path, int? Line, string? MilestoneId);
