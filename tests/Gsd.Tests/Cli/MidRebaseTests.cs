using Gsd.Tests.Support;

namespace Gsd.Tests.Cli;

/// <summary>A command run while a rebase has stopped at a commit from before `gsd init` says what is going on.</summary>
public sealed class MidRebaseTests
{
    [Fact]
    public async Task Auto_during_a_rebase_that_stopped_before_gsd_existed_says_to_finish_or_abort_it()
    {
        using var repo = new GitRepo();
        repo.Write("f.txt", "a\n");
        repo.Commit("a");
        repo.Git("checkout", "-q", "-b", "other");
        repo.Write("f.txt", "b\n");
        repo.Commit("b");
        repo.Git("checkout", "-q", "main");
        repo.Write("f.txt", "c\n");
        repo.Commit("c");
        (await InProcessGsd.RunAsync(repo.Root, "init")).ExitCode.ShouldBe(0);
        repo.Commit("gsd");
        ProcessRunner.Run("git", ["rebase", "other"], repo.Root).ExitCode.ShouldNotBe(0, "the rebase stops at the conflict in f.txt");

        var r = await InProcessGsd.RunAsync(repo.Root, "auto");

        r.ExitCode.ShouldBe(ExitCodes.Usage, r.ToString());
        r.StdErr.ShouldContain("a rebase is in progress there");
        r.StdErr.ShouldContain("`git rebase --abort`");
        r.StdErr.ShouldNotContain("Run `gsd init`");
    }
}
