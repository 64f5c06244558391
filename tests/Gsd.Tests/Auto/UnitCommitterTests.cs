using Gsd.Auto;
using Gsd.Tests.Support;

namespace Gsd.Tests.Auto;

/// <summary>What one unit commit takes and leaves, in a real repository (ARCHITECTURE §4).</summary>
public sealed class UnitCommitterTests : IDisposable
{
    private readonly GitRepo _repo = new("gsd-committer");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public UnitCommitterTests()
    {
        _repo.Write(".gsd/.gitignore", ProjectBuilder.RuntimeIgnores);
        _repo.Write(".gsd/milestones/M001/M001-ROADMAP.md", "# M001: One\n");
        _repo.Write(".gsd/milestones/M002/M002-ROADMAP.md", "# M002: Two\n");
        _repo.Write("src/old.txt", "old\n");
        _repo.Commit("setup");
    }

    public void Dispose() => _repo.Dispose();

    [Fact]
    public async Task Commits_code_and_the_own_milestone_directory_only_and_returns_the_new_head()
    {
        _repo.Write("src/new file.txt", "new\n");
        File.Delete(_repo.Path("src/old.txt"));
        _repo.Write(".gsd/milestones/M001/slices/S01/S01-PLAN.md", "# S01\n");
        _repo.Write(".gsd/milestones/M001/slices/S01/.S01-PLAN.md.tmp", "half written\n");
        _repo.Write(".gsd/milestones/M002/M002-ROADMAP.md", "# M002: changed by someone else\n");
        _repo.Write(".gsd/QUEUE-ORDER.json", "[]\n");
        _repo.Write(".gsd/metrics.json", "{}\n");

        var commit = await new UnitCommitter(_repo.Root).CommitAsync("feat(M001/S01/T01): work", "M001/S01/T01", "M001", Ct);

        commit.ShouldBe(_repo.Head());
        _repo.Git("show", "--name-status", "--format=%B", "HEAD").ShouldBe(
            "feat(M001/S01/T01): work\n\nGSD-Unit: M001/S01/T01\nGSD-Milestone: M001\n\n\n"
            + "A\t.gsd/milestones/M001/slices/S01/S01-PLAN.md\nA\tsrc/new file.txt\nD\tsrc/old.txt");
        _repo.Git("status", "--porcelain", "--untracked-files=all").Split('\n').Select(l => l.Trim()).Order(StringComparer.Ordinal).ShouldBe(
            ["?? .gsd/QUEUE-ORDER.json", "?? .gsd/milestones/M001/slices/S01/.S01-PLAN.md.tmp", "M .gsd/milestones/M002/M002-ROADMAP.md"]);
    }

    [Fact]
    public async Task What_an_agent_staged_outside_its_own_directory_is_unstaged_and_left_out()
    {
        _repo.Write(".gsd/milestones/M002/M002-ROADMAP.md", "# M002: staged by an agent\n");
        _repo.Write("src/app.txt", "app\n");
        _repo.Git("add", "-A");

        var commit = await new UnitCommitter(_repo.Root).CommitAsync("feat(M001/S01/T01): work", "M001/S01/T01", "M001", Ct);

        commit.ShouldNotBeNull();
        _repo.Git("show", "--name-only", "--format=", "HEAD").ShouldBe("src/app.txt");
        _repo.Git("diff", "--cached", "--name-only").ShouldBeEmpty();
        _repo.Read(".gsd/milestones/M002/M002-ROADMAP.md").ShouldBe("# M002: staged by an agent\n");
    }

    [Fact]
    public async Task Nothing_to_commit_gives_null_and_no_commit()
    {
        var head = _repo.Head();
        _repo.Write(".gsd/milestones/M002/M002-ROADMAP.md", "# M002: not ours\n");
        _repo.Git("add", "-A");

        var commit = await new UnitCommitter(_repo.Root).CommitAsync("feat(M001/S01/T01): work", "M001/S01/T01", "M001", Ct);

        commit.ShouldBeNull();
        _repo.Head().ShouldBe(head);
        _repo.Git("diff", "--cached", "--name-only").ShouldBeEmpty();
    }
}
