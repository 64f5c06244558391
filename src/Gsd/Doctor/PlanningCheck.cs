using Gsd.Planning;

namespace Gsd.Doctor;

/// <summary>
/// Dependency cycles and unknown dependencies (milestones that can never start) are errors; other planning problems are
/// warnings; then what does not hold together across files (<see cref="PlanConsistency"/>), from the same load.
/// </summary>
internal sealed class PlanningCheck : IDoctorCheck
{
    public string Name => "planning";

    public Task<IReadOnlyList<DoctorIssue>> InspectAsync(DoctorContext context, CancellationToken ct)
    {
        var project = PlanningLoader.Load(context.Root);
        var issues = project.Problems.Select(p => p.Code switch
        {
            ProblemCodes.Cycle => new DoctorIssue(DoctorCodes.DependencyCycle, DoctorSeverity.Error,
                $"{p}; none of these milestones can ever start: remove one depends_on entry") { NotFixableReason = "only you know which dependency is wrong" },
            ProblemCodes.UnknownDependency => new DoctorIssue(DoctorCodes.UnknownDependency, DoctorSeverity.Error,
                $"{p}; it cannot start until that milestone exists and is complete") { NotFixableReason = "fix the id in depends_on, or create the milestone" },
            _ => new DoctorIssue(DoctorCodes.PlanningProblem, DoctorSeverity.Warning, $"{p} ({p.Code})") { NotFixableReason = "edit the planning file" },
        }).ToList();
        issues.AddRange(PlanConsistency.Inspect(project));
        return Task.FromResult<IReadOnlyList<DoctorIssue>>(issues);
    }
}
