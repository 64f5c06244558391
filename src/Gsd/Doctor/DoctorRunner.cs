using Gsd.Git;

namespace Gsd.Doctor;

/// <summary>
/// <c>gsd doctor</c>: runs every check over the main project and, with fix, applies each safe repair right after its
/// check (so later checks see the repaired state). Without fix nothing is written. A check that fails is itself a finding.
/// </summary>
public static class DoctorRunner
{
    private static readonly IReadOnlyList<IDoctorCheck> Checks =
    [
        new GitRepositoryCheck(),
        new PreferencesCheck(),
        new PlanningCheck(),
        new GitIgnoreCheck(),
        new TrackedRuntimeFilesCheck(),
        new CoordinatorCheck(),
        new WorkerStatusCheck(),
        new OrphanedAgentCheck(),
        new LockCheck(),
        new WorktreeDirectoryCheck(),
        new GitOperationCheck(),
        new IndexLockCheck(),
        new MergeLeftoversCheck(),
        new MergedMilestoneLeftoversCheck(),
    ];

    /// <param name="projectRoot">The main project root (see <see cref="Layout.MainProjectRoot"/>).</param>
    /// <param name="fix">Repair what is safe; otherwise only report.</param>
    public static async Task<DoctorReport> RunAsync(string projectRoot, bool fix, TimeProvider clock, CancellationToken ct = default)
    {
        var root = Path.GetFullPath(projectRoot);
        var context = await DoctorContext.CreateAsync(root, clock, ct).ConfigureAwait(false);
        var findings = new List<DoctorFinding>();
        foreach (var check in Checks)
        {
            IReadOnlyList<DoctorIssue> issues;
            try
            {
                issues = await check.InspectAsync(context, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is GitException or GsdException or IOException or UnauthorizedAccessException)
            {
                issues = [new DoctorIssue(DoctorCodes.CheckFailed, DoctorSeverity.Error, $"the {check.Name} check could not run: {ex.Message}")];
            }
            foreach (var issue in issues)
            {
                findings.Add(fix ? await ApplyAsync(issue, ct).ConfigureAwait(false) : Describe(issue));
            }
        }
        return new DoctorReport(root, fix, findings);
    }

    private static DoctorFinding Describe(DoctorIssue issue) =>
        new(issue.Code, issue.Severity, issue.Message, issue.Fix is not null, false);

    private static async Task<DoctorFinding> ApplyAsync(DoctorIssue issue, CancellationToken ct)
    {
        if (issue.Fix is null)
        {
            return Describe(issue) with { Action = issue.NotFixableReason ?? "not fixed automatically: see the message" };
        }
        try
        {
            var result = await issue.Fix(ct).ConfigureAwait(false);
            return Describe(issue) with { Fixed = result.Fixed, Action = result.Action };
        }
        catch (Exception ex) when (ex is GitException or GsdException or IOException or UnauthorizedAccessException)
        {
            return Describe(issue) with { Action = $"fix failed: {ex.Message}" };
        }
    }
}
