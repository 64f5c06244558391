namespace Gsd.Tests.Doctor;

/// <summary>Worktree directories git does not know, and worktrees git knows whose directory is gone.</summary>
public sealed class DoctorWorktreeTests
{
    [Fact]
    public void Empty_orphan_worktree_directory_is_removed()
    {
        using var p = new DoctorProject();
        Directory.CreateDirectory(Path.Combine(p.WorktreePath("M004"), "src", "deep"));

        var finding = p.DoctorJson().Findings.ShouldHaveSingleItem();
        finding.Code.ShouldBe("orphan-worktree-dir");
        finding.Message.ShouldContain(".gsd/worktrees/M004");
        finding.Message.ShouldContain("empty");
        finding.Fixable.ShouldBeTrue();
        Directory.Exists(p.WorktreePath("M004")).ShouldBeTrue();

        p.DoctorJson("--fix").Findings.ShouldHaveSingleItem().Fixed.ShouldBeTrue();
        Directory.Exists(p.WorktreePath("M004")).ShouldBeFalse();
        p.DoctorJson().Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Orphan_holding_only_what_its_branch_has_is_removed_and_the_branch_kept()
    {
        using var p = new DoctorProject();
        var worktree = p.AddWorktree("M002");
        File.WriteAllText(Path.Combine(worktree, "feature.txt"), "done on the branch\n");
        p.GitIn(worktree, "add", "-A");
        p.GitIn(worktree, "commit", "-q", "-m", "feature");
        var tip = p.Git("rev-parse", "milestone/M002");
        // git forgets the worktree (its admin entry is lost) while the directory stays.
        Directory.Delete(Path.Combine(p.Root, ".git", "worktrees", "M002"), recursive: true);

        var finding = p.DoctorJson().Findings.ShouldHaveSingleItem();
        finding.Code.ShouldBe("orphan-worktree-dir");
        finding.Message.ShouldContain("are all on milestone/M002");
        finding.Fixable.ShouldBeTrue();

        p.DoctorJson("--fix").Findings.ShouldHaveSingleItem().Fixed.ShouldBeTrue();
        Directory.Exists(worktree).ShouldBeFalse();
        p.Git("rev-parse", "milestone/M002").ShouldBe(tip);
        p.DoctorJson().Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Orphan_holding_files_found_nowhere_else_is_never_deleted()
    {
        using var p = new DoctorProject();
        var worktree = p.AddWorktree("M003");
        Directory.Delete(Path.Combine(p.Root, ".git", "worktrees", "M003"), recursive: true);
        File.WriteAllText(Path.Combine(worktree, "README.md"), "# edited, never committed\n");
        Directory.CreateDirectory(Path.Combine(worktree, "src"));
        File.WriteAllText(Path.Combine(worktree, "src", "new.cs"), "class Unsaved {}\n");
        var before = p.Snapshot();

        var (fix, findings) = p.DoctorJson("--fix");

        fix.ExitCode.ShouldBe(0, fix.ToString());
        var finding = findings.ShouldHaveSingleItem();
        finding.Code.ShouldBe("orphan-worktree-dir");
        finding.Fixable.ShouldBeFalse();
        finding.Fixed.ShouldBeFalse();
        finding.Message.ShouldContain("2 file(s) found nowhere else");
        finding.Message.ShouldContain("README.md");
        finding.Message.ShouldContain("src/new.cs");
        finding.Message.ShouldContain("rm -rf .gsd/worktrees/M003");
        finding.Action.ShouldNotBeNull().ShouldContain("never deletes");
        p.Snapshot().ShouldBe(before);
    }

    [Fact]
    public void Orphan_without_a_branch_to_compare_with_is_never_deleted()
    {
        using var p = new DoctorProject();
        p.Write(".gsd/worktrees/M005/notes.txt", "only copy\n");

        var finding = p.DoctorJson("--fix").Findings.ShouldHaveSingleItem();

        finding.Code.ShouldBe("orphan-worktree-dir");
        finding.Fixed.ShouldBeFalse();
        finding.Message.ShouldContain("notes.txt");
        p.Read(".gsd/worktrees/M005/notes.txt").ShouldBe("only copy\n");
    }

    [Fact]
    public void Worktree_whose_directory_is_gone_is_forgotten_and_its_branch_kept()
    {
        using var p = new DoctorProject();
        var worktree = p.AddWorktree("M001");
        var tip = p.Git("rev-parse", "milestone/M001");
        Directory.Delete(worktree, recursive: true);

        var finding = p.DoctorJson().Findings.ShouldHaveSingleItem();
        finding.Code.ShouldBe("missing-worktree-dir");
        finding.Message.ShouldContain(".gsd/worktrees/M001");
        finding.Message.ShouldContain("branch milestone/M001");
        finding.Fixable.ShouldBeTrue();
        p.Git("worktree", "list", "--porcelain").ShouldContain(worktree);

        p.DoctorJson("--fix").Findings.ShouldHaveSingleItem().Fixed.ShouldBeTrue();
        p.Git("worktree", "list", "--porcelain").ShouldNotContain(worktree);
        p.Git("rev-parse", "milestone/M001").ShouldBe(tip);
        p.DoctorJson().Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Live_worktrees_are_not_findings()
    {
        using var p = new DoctorProject();
        p.AddWorktree("M001");
        p.AddWorktree("M002");

        p.DoctorJson().Findings.ShouldBeEmpty();
    }
}
