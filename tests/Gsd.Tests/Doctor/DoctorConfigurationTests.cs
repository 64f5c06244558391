using Gsd.Protocol;
using Gsd.Tests.Support;

namespace Gsd.Tests.Doctor;

/// <summary>Preferences, planning dependencies, tracked runtime files and .gitignore lines.</summary>
public sealed class DoctorConfigurationTests
{
    [Fact]
    public void Bad_preferences_are_errors_naming_file_key_and_value_and_typos_are_warnings()
    {
        using var p = new DoctorProject();
        p.Write(".gsd/PREFERENCES.md", "---\nparallel:\n  enabled: true\n  max_workers: 9\n  max_restart: 2\n---\n");

        var (report, findings) = p.DoctorJson();

        report.ExitCode.ShouldBe(1, report.ToString());
        var error = findings.Single(f => f.Code == "preferences-invalid");
        error.Severity.ShouldBe("error");
        error.Fixable.ShouldBeFalse();
        error.Message.ShouldContain(".gsd/PREFERENCES.md:4");
        error.Message.ShouldContain("parallel.max_workers: 9");
        error.Message.ShouldContain("1-4");
        var typo = findings.Single(f => f.Code == "preferences-unknown-key");
        typo.Severity.ShouldBe("warning");
        typo.Message.ShouldContain("parallel.max_restart");

        var plain = p.Doctor();
        plain.ExitCode.ShouldBe(1);
        plain.StdOut.ShouldContain("error   preferences-invalid: .gsd/PREFERENCES.md:4: parallel.max_workers: 9");
        plain.StdOut.ShouldContain("warning preferences-unknown-key: ");
        plain.StdOut.ShouldContain("1 error, 1 warning");
    }

    [Fact]
    public void Malformed_preferences_yaml_names_the_line()
    {
        using var p = new DoctorProject();
        p.Write(".gsd/PREFERENCES.md", "---\nparallel:\n  enabled: [true\n---\n");

        var (report, findings) = p.DoctorJson("--fix");

        report.ExitCode.ShouldBe(1, report.ToString());
        var error = findings.ShouldHaveSingleItem();
        error.Code.ShouldBe("preferences-invalid");
        error.Message.ShouldContain(".gsd/PREFERENCES.md:");
        error.Fixed.ShouldBeFalse();
    }

    [Fact]
    public void Dependency_cycle_and_unknown_dependency_are_errors()
    {
        using var p = new DoctorProject();
        p.Write(".gsd/milestones/M001/M001-CONTEXT.md", "---\ndepends_on: [M002]\n---\n# M001: First\n");
        p.Write(".gsd/milestones/M002/M002-CONTEXT.md", "---\ndepends_on: [M001]\n---\n# M002: Second\n");
        p.Write(".gsd/milestones/M003/M003-CONTEXT.md", "---\ndepends_on: [M009]\n---\n# M003: Third\n");
        p.Repo.Commit("plans");

        var (report, findings) = p.DoctorJson("--fix");

        report.ExitCode.ShouldBe(1, report.ToString());
        var cycle = findings.Single(f => f.Code == "dependency-cycle");
        cycle.Severity.ShouldBe("error");
        cycle.Message.ShouldContain("M001");
        cycle.Message.ShouldContain("M002");
        cycle.Fixed.ShouldBeFalse();
        var unknown = findings.Single(f => f.Code == "unknown-dependency");
        unknown.Severity.ShouldBe("error");
        unknown.Message.ShouldContain("M009");
        unknown.Message.ShouldContain("M003");
    }

    [Fact]
    public void Tracked_runtime_files_are_untracked_by_fix_and_stay_on_disk()
    {
        using var p = new DoctorProject();
        p.WriteStatus(DoctorProject.Status("M001", DoctorProject.DeadPid(), 1, WorkerState.Complete, TimeSpan.FromHours(1)));
        var status = p.Read(".gsd/parallel/M001.status.json");
        p.Write(".gsd/metrics.json", "{\"version\":1,\"units\":[]}\n");
        p.Write(".gsd/milestones/M001/M001-CONTEXT.md", "# M001: Planned\n");
        p.Git("add", "-f", ".gsd/parallel/M001.status.json", ".gsd/metrics.json", ".gsd/milestones/M001/M001-CONTEXT.md");
        p.Git("commit", "-q", "-m", "oops: runtime files");

        var (report, findings) = p.DoctorJson();
        report.ExitCode.ShouldBe(1, report.ToString());
        var finding = findings.ShouldHaveSingleItem();
        finding.Code.ShouldBe("runtime-files-tracked");
        finding.Severity.ShouldBe("error");
        finding.Message.ShouldContain(".gsd/parallel/M001.status.json");
        finding.Message.ShouldContain(".gsd/metrics.json");
        finding.Message.ShouldNotContain("M001-CONTEXT");
        finding.Fixable.ShouldBeTrue();

        var (fix, fixedFindings) = p.DoctorJson("--fix");
        fix.ExitCode.ShouldBe(0, fix.ToString());
        fixedFindings.ShouldHaveSingleItem().Fixed.ShouldBeTrue();
        p.Git("ls-files", ".gsd").Split('\n').ShouldBe([".gsd/.gitignore", ".gsd/PREFERENCES.md", ".gsd/milestones/.gitkeep", ".gsd/milestones/M001/M001-CONTEXT.md"], ignoreOrder: true);
        p.Read(".gsd/parallel/M001.status.json").ShouldBe(status);
        p.Read(".gsd/metrics.json").ShouldBe("{\"version\":1,\"units\":[]}\n");
        p.DoctorJson().Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Missing_gitignore_lines_are_appended()
    {
        using var p = new DoctorProject();
        p.Write(".gsd/.gitignore", "# mine\nparallel/\nworktrees/");

        var finding = p.DoctorJson().Findings.ShouldHaveSingleItem();
        finding.Code.ShouldBe("gitignore-missing");
        finding.Severity.ShouldBe("warning");
        finding.Message.ShouldContain("auto.lock, metrics.json, *.lock, activity/, reports/");
        finding.Message.ShouldNotContain("parallel/");

        p.DoctorJson("--fix").Findings.ShouldHaveSingleItem().Fixed.ShouldBeTrue();
        p.Read(".gsd/.gitignore").ShouldBe("# mine\nparallel/\nworktrees/\nauto.lock\nmetrics.json\n*.lock\nactivity/\nreports/\n");
        p.DoctorJson().Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Missing_gitignore_is_created()
    {
        using var p = new DoctorProject();
        File.Delete(Path.Combine(p.Root, ".gsd", ".gitignore"));

        p.DoctorJson().Findings.ShouldHaveSingleItem().Message.ShouldContain(".gsd/.gitignore is missing");
        p.DoctorJson("--fix").Findings.ShouldHaveSingleItem().Fixed.ShouldBeTrue();

        p.Read(".gsd/.gitignore").ShouldContain("parallel/\nworktrees/\nauto.lock\nmetrics.json\n*.lock\nactivity/\nreports/\n");
        p.DoctorJson().Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Project_outside_git_is_an_error_and_the_other_checks_still_run()
    {
        using var dir = new TempDir("gsd-doctor-nogit");
        using var home = new TempDir("gsd-doctor-home");
        Directory.CreateDirectory(Path.Combine(dir.Path, ".gsd"));
        dir.Write(".gsd/PREFERENCES.md", "---\nparallel:\n  max_workers: 0\n---\n");

        var result = GsdBinary.Run(dir.Path, new Dictionary<string, string?> { ["GSD_HOME"] = home.Path }, "doctor");

        result.ExitCode.ShouldBe(1, result.ToString());
        result.StdOut.ShouldContain("error   not-a-git-repository: ");
        result.StdOut.ShouldContain("git init");
        result.StdOut.ShouldContain("error   preferences-invalid: .gsd/PREFERENCES.md:3: parallel.max_workers: 0");
        result.StdOut.ShouldContain("warning gitignore-missing");
    }
}
