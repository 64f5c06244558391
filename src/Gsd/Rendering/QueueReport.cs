using Gsd.Planning;

namespace Gsd.Rendering;

/// <summary>The <c>gsd queue --json</c> document (ARCHITECTURE §8).</summary>
public sealed record QueueReport(string Root, IReadOnlyList<QueueMilestone> Milestones, IReadOnlyList<QueueProblem> Problems)
{
    public static QueueReport From(PlanningProject project) => new(
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
            m.TasksTotal)).ToList(),
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
    int TasksTotal);

public sealed record QueueProblem(string Code, string Message, string? Path, int? Line, string? MilestoneId);
