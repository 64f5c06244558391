using Gsd.Git;

namespace Gsd.Tests.Git;

public sealed class GitRepositoryTests : IDisposable
{
    private readonly MilestoneRepo _m = new();

    private static CancellationToken Ct => MilestoneRepo.Ct;

    public void Dispose() => _m.Dispose();

    [Fact]
    public async Task From_inside_a_worktree_finds_its_top_level_the_common_dir_and_the_main_root()
    {
        var wt = _m.StartMilestone("M001");
        var repo = new GitRepository(Path.Combine(wt, "src"));

        (await repo.TopLevelAsync(Ct)).ShouldBe(wt);
        (await repo.CommonDirAsync(Ct)).ShouldBe(Path.Combine(_m.Root, ".git"));
        (await repo.MainWorktreeRootAsync(Ct)).ShouldBe(_m.Root);
        (await repo.CurrentBranchAsync(Ct)).ShouldBe("milestone/M001");
    }

    [Fact]
    public async Task Revisions_branches_and_ancestry()
    {
        var repo = new GitRepository(_m.Root);
        var first = _m.Git("rev-parse", "main");
        var second = _m.CommitOnMain("second", ("x.txt", "x\n"));

        (await repo.RevParseAsync("main", Ct)).ShouldBe(second);
        (await repo.RevParseAsync("no-such-branch", Ct)).ShouldBeNull();
        (await repo.BranchExistsAsync("main", Ct)).ShouldBeTrue();
        (await repo.BranchExistsAsync("milestone/M001", Ct)).ShouldBeFalse();
        (await repo.IsAncestorAsync(first, second, Ct)).ShouldBeTrue();
        (await repo.IsAncestorAsync(second, first, Ct)).ShouldBeFalse();
        (await repo.ChangedFilesAsync(first, second, Ct)).ShouldBe(["x.txt"]);

        _m.Git("switch", "-q", "--detach", "HEAD");
        (await repo.CurrentBranchAsync(Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task Git_errors_surface_with_gits_own_message()
    {
        var repo = new GitRepository(_m.Root);

        var ex = await Should.ThrowAsync<GitException>(() => repo.IsAncestorAsync("no-such-rev", "main", Ct));

        ex.Message.ShouldContain("merge-base --is-ancestor no-such-rev main");
        ex.Message.ShouldContain("no-such-rev");
        ex.StdErr.ShouldNotBeNullOrWhiteSpace();
        ex.WorkingDirectory.ShouldBe(_m.Root);
    }

    [Fact]
    public async Task Status_is_parsed_including_renames_and_untracked_files()
    {
        _m.Git("mv", "src/app.txt", "src/renamed app.txt");
        _m.Repo.Write("README.md", "changed\n");
        _m.Repo.Write("new dir/untracked.txt", "u\n");

        var status = await new GitRepository(_m.Root).StatusPorcelainAsync(ct: Ct);

        status.ShouldContain(new StatusEntry('R', ' ', "src/renamed app.txt", "src/app.txt"));
        status.ShouldContain(new StatusEntry(' ', 'M', "README.md", null));
        status.ShouldContain(new StatusEntry('?', '?', "new dir/untracked.txt", null));
        status.Where(s => s.IsTrackedChange).SelectMany(s => s.Paths).Order(StringComparer.Ordinal)
            .ShouldBe(["README.md", "src/app.txt", "src/renamed app.txt"]);
        (await new GitRepository(_m.Root).StatusPorcelainAsync(includeUntracked: false, Ct)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task CommitAll_commits_only_the_given_pathspecs_with_trailers_and_returns_null_when_nothing_changed()
    {
        var wt = _m.StartMilestone("M001");
        var repo = new GitRepository(wt);
        File.WriteAllText(Path.Combine(wt, "src", "app.txt"), "code change\n");
        Directory.CreateDirectory(Path.Combine(wt, ".gsd", "milestones", "M001"));
        File.WriteAllText(Path.Combine(wt, ".gsd", "milestones", "M001", "M001-ROADMAP.md"), "# M001\n");
        File.WriteAllText(Path.Combine(wt, ".gsd", "STATE.md"), "not this milestone's file\n");
        File.WriteAllText(Path.Combine(wt, "staged-elsewhere.txt"), "staged by someone else\n");
        _m.GitIn(wt, "add", "staged-elsewhere.txt");

        var commit = await repo.CommitAllAsync("feat(M001/S01/T01): task",
            ["src", ".gsd/milestones/M001", "docs-that-do-not-exist"],
            [new("GSD-Unit", "M001/S01/T01"), new("GSD-Milestone", "M001")], Ct);

        commit.ShouldNotBeNull();
        _m.GitIn(wt, "rev-parse", "HEAD").ShouldBe(commit);
        _m.GitIn(wt, "show", "--name-only", "--format=", "HEAD").Split('\n').Order(StringComparer.Ordinal)
            .ShouldBe([".gsd/milestones/M001/M001-ROADMAP.md", "src/app.txt"]);
        _m.GitIn(wt, "log", "-1", "--format=%B").ShouldBe("feat(M001/S01/T01): task\n\nGSD-Unit: M001/S01/T01\nGSD-Milestone: M001");
        _m.GitIn(wt, "status", "--porcelain").Split('\n').Order(StringComparer.Ordinal).ShouldBe(["?? .gsd/STATE.md", "A  staged-elsewhere.txt"]);

        (await repo.CommitAllAsync("again", ["src", ".gsd/milestones/M001"], null, Ct)).ShouldBeNull();
        (await repo.CommitAllAsync("none", ["docs-that-do-not-exist"], null, Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task CommitAll_honours_exclude_pathspecs_and_deletions()
    {
        var wt = _m.StartMilestone("M001");
        var repo = new GitRepository(wt);
        File.Delete(Path.Combine(wt, "README.md"));
        File.WriteAllText(Path.Combine(wt, "src", "new.txt"), "new\n");
        Directory.CreateDirectory(Path.Combine(wt, ".gsd", "activity-log"));
        File.WriteAllText(Path.Combine(wt, ".gsd", "activity-log", "x.log"), "runtime\n");

        var commit = await repo.CommitAllAsync("work", [".", ":(exclude).gsd/activity-log"], null, Ct);

        commit.ShouldNotBeNull();
        _m.GitIn(wt, "show", "--name-status", "--format=", "HEAD").Split('\n').Order(StringComparer.Ordinal)
            .ShouldBe(["A\tsrc/new.txt", "D\tREADME.md"]);
        _m.GitIn(wt, "status", "--porcelain").ShouldBe("?? .gsd/activity-log/");

        File.WriteAllText(Path.Combine(wt, "src", "only-excludes.txt"), "x\n");
        (await repo.CommitAllAsync("excludes only", [":(exclude).gsd/activity-log"], null, Ct)).ShouldNotBeNull();
        _m.GitIn(wt, "show", "--name-only", "--format=", "HEAD").ShouldBe("src/only-excludes.txt");
        _m.GitIn(wt, "status", "--porcelain").ShouldBe("?? .gsd/activity-log/");
    }

    [Fact]
    public async Task Several_commits_are_resolved_in_one_batch_in_order_with_null_where_nothing_is_named()
    {
        var repo = new GitRepository(_m.Root);
        var first = _m.Git("rev-parse", "main");
        var second = _m.CommitOnMain("second", ("x.txt", "x\n"));

        var commits = await repo.CommitsOfAsync(["refs/heads/main", "refs/heads/no-such", first, "main~1", "main^{tree}", "bad\nname", "refs/heads/main"], Ct);

        commits.ShouldBe([second, null, first, first, null, null, second]);
        (await repo.CommitsOfAsync([], Ct)).ShouldBeEmpty();
    }
}
