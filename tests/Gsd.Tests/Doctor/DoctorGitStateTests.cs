using Gsd.Tests.Support;

namespace Gsd.Tests.Doctor;

/// <summary>Merges and cherry-picks left in progress, stale index locks, and what a killed `gsd parallel merge` leaves.</summary>
public sealed class DoctorGitStateTests
{
    [Fact]
    public void Merge_left_in_progress_with_nothing_in_it_is_ended()
    {
        using var p = new DoctorProject();
        var worktree = p.AddWorktree("M001");
        p.Write("other.txt", "on main\n");
        p.Repo.Commit("main moves on");
        // The "ours" strategy keeps the tree as it is: a real MERGE_HEAD with no change in the checkout.
        p.GitIn(worktree, "merge", "-q", "-s", "ours", "--no-commit", "main");
        var mergeHead = Path.Combine(p.Root, ".git", "worktrees", "M001", "MERGE_HEAD");
        File.Exists(mergeHead).ShouldBeTrue();
        var head = p.GitIn(worktree, "rev-parse", "HEAD");

        var finding = p.DoctorJson().Findings.ShouldHaveSingleItem();
        finding.Code.ShouldBe("merge-in-progress");
        finding.Message.ShouldContain(".gsd/worktrees/M001");
        finding.Message.ShouldContain("no changes left");
        finding.Fixable.ShouldBeTrue();

        var fixedFinding = p.DoctorJson("--fix").Findings.ShouldHaveSingleItem();
        fixedFinding.Fixed.ShouldBeTrue(fixedFinding.Action);
        File.Exists(mergeHead).ShouldBeFalse();
        p.GitIn(worktree, "rev-parse", "HEAD").ShouldBe(head);
        p.DoctorJson().Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Conflicted_merge_in_the_users_checkout_is_reported_with_the_command_and_never_aborted()
    {
        using var p = new DoctorProject();
        p.Git("checkout", "-q", "-b", "topic");
        p.Write("README.md", "# topic version\n");
        p.Repo.Commit("topic");
        p.Git("checkout", "-q", "main");
        p.Write("README.md", "# main version\n");
        p.Repo.Commit("main");
        ProcessRunner.Run("git", ["merge", "-q", "topic"], p.Root).ExitCode.ShouldNotBe(0);
        var conflicted = p.Read("README.md");
        conflicted.ShouldContain("<<<<<<<");

        var (fix, findings) = p.DoctorJson("--fix");

        fix.ExitCode.ShouldBe(0, fix.ToString());
        var finding = findings.ShouldHaveSingleItem();
        finding.Code.ShouldBe("merge-in-progress");
        finding.Message.ShouldContain("the main checkout");
        finding.Message.ShouldContain("README.md");
        finding.Message.ShouldContain("git merge --abort");
        finding.Fixable.ShouldBeFalse();
        finding.Fixed.ShouldBeFalse();
        File.Exists(Path.Combine(p.Root, ".git", "MERGE_HEAD")).ShouldBeTrue();
        p.Read("README.md").ShouldBe(conflicted);
    }

    [Fact]
    public void Old_index_lock_is_removed_and_a_fresh_one_left_alone()
    {
        using var p = new DoctorProject();
        var worktree = p.AddWorktree("M001");
        var mainLock = Path.Combine(p.Root, ".git", "index.lock");
        File.WriteAllText(mainLock, string.Empty);
        DoctorProject.Backdate(mainLock, TimeSpan.FromMinutes(10));
        var worktreeLock = Path.Combine(p.Root, ".git", "worktrees", "M001", "index.lock");
        File.WriteAllText(worktreeLock, string.Empty);

        var (report, findings) = p.DoctorJson();
        report.ExitCode.ShouldBe(0, report.ToString());
        var finding = findings.ShouldHaveSingleItem();
        finding.Code.ShouldBe("stale-index-lock");
        finding.Message.ShouldContain(mainLock);
        finding.Message.ShouldContain("the main checkout");
        finding.Fixable.ShouldBeTrue();

        p.DoctorJson("--fix").Findings.ShouldHaveSingleItem().Fixed.ShouldBeTrue();
        File.Exists(mainLock).ShouldBeFalse();
        File.Exists(worktreeLock).ShouldBeTrue();
        p.Git("status", "--porcelain");

        DoctorProject.Backdate(worktreeLock, TimeSpan.FromMinutes(10));
        var second = p.DoctorJson("--fix").Findings.ShouldHaveSingleItem();
        second.Message.ShouldContain(".gsd/worktrees/M001");
        second.Fixed.ShouldBeTrue();
        File.Exists(worktreeLock).ShouldBeFalse();
        p.GitIn(worktree, "status", "--porcelain");
    }

    [Fact]
    public void Temporary_index_and_check_worktree_of_a_killed_merge_are_removed()
    {
        using var p = new DoctorProject();
        var index = Path.Combine(p.Root, ".git", $"gsd-merge-{Guid.NewGuid():N}.index");
        File.WriteAllText(index, "DIRC");
        DoctorProject.Backdate(index, TimeSpan.FromMinutes(5));
        var freshIndex = Path.Combine(p.Root, ".git", $"gsd-merge-{Guid.NewGuid():N}.index");
        File.WriteAllText(freshIndex, "DIRC");
        var name = $"gsd-check-M001-{Guid.NewGuid():N}";
        var check = Path.Combine(Path.GetTempPath(), name);
        try
        {
            p.Git("worktree", "add", "-q", "--detach", check, "main");
            File.WriteAllText(Path.Combine(check, "build-output.o"), "made by the check\n");
            DoctorProject.Backdate(Path.Combine(p.Root, ".git", "worktrees", name, "commondir"), TimeSpan.FromMinutes(5));

            var (report, findings) = p.DoctorJson();
            report.ExitCode.ShouldBe(0, report.ToString());
            findings.Count.ShouldBe(2, report.ToString());
            findings.ShouldContain(f => f.Code == "leftover-merge-index" && f.Message.Contains(index, StringComparison.Ordinal) && f.Fixable);
            findings.ShouldContain(f => f.Code == "leftover-check-worktree" && f.Message.Contains(check, StringComparison.Ordinal) && f.Fixable);

            p.DoctorJson("--fix").Findings.ShouldAllBe(f => f.Fixed);
            File.Exists(index).ShouldBeFalse();
            File.Exists(freshIndex).ShouldBeTrue();
            Directory.Exists(check).ShouldBeFalse();
            p.Git("worktree", "list", "--porcelain").ShouldNotContain(name);
        }
        finally
        {
            if (Directory.Exists(check))
            {
                Directory.Delete(check, recursive: true);
            }
        }
    }
}
