namespace Gsd.Doctor;

/// <summary>gsd needs git (worktrees, branches, commits); every git-based check is skipped without it.</summary>
internal sealed class GitRepositoryCheck : IDoctorCheck
{
    public string Name => "git repository";

    public Task<IReadOnlyList<DoctorIssue>> InspectAsync(DoctorContext context, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<DoctorIssue>>(context.Git is not null
            ? []
            : [new DoctorIssue(DoctorCodes.NotAGitRepository, DoctorSeverity.Error,
                $"{context.Root} is not in a git repository ({context.GitError}); gsd needs one for its worktrees and commits: run `git init` there. The git checks were skipped.")
            {
                NotFixableReason = "doctor does not create repositories",
            }]);
}
