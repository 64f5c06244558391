using System.Text.Json;
using Gsd.Tests.Support;

namespace Gsd.Tests.Cli;

/// <summary><c>gsd milestone park / unpark / discard</c> through the binary in a real repository.</summary>
public sealed class MilestoneParkTests
{
    [Fact]
    public void Park_shows_in_queue_unpark_restores_and_discard_refuses_a_milestone_with_a_branch()
    {
        using var repo = new GitRepo("gsd-park");
        GsdBinary.Run(repo.Root, "init").ExitCode.ShouldBe(0);
        GsdBinary.Run(repo.Root, "milestone", "new", "Later").ExitCode.ShouldBe(0);
        GsdBinary.Run(repo.Root, "milestone", "new", "Branched").ExitCode.ShouldBe(0);
        GsdBinary.Run(repo.Root, "milestone", "new", "Never").ExitCode.ShouldBe(0);
        repo.Commit("plans");

        var park = GsdBinary.Run(repo.Root, "milestone", "park", "M001", "--reason", "after the launch");
        park.ExitCode.ShouldBe(0, park.ToString());
        park.StdOut.ShouldContain("M001 parked: after the launch");
        Status(repo, "M001").ShouldBe("parked");
        GsdBinary.Run(repo.Root, "milestone", "unpark", "M001").ExitCode.ShouldBe(0);
        Status(repo, "M001").ShouldBe("ready");

        repo.Git("branch", "milestone/M002");
        var refused = GsdBinary.Run(repo.Root, "milestone", "discard", "M002");
        refused.ExitCode.ShouldBe(2, refused.ToString());
        refused.StdErr.ShouldContain("branch milestone/M002 exists");
        repo.Exists(".gsd/milestones/M002/M002-CONTEXT.md").ShouldBeTrue();

        var discard = GsdBinary.Run(repo.Root, "milestone", "discard", "M003");
        discard.ExitCode.ShouldBe(0, discard.ToString());
        repo.Exists(".gsd/milestones/M003").ShouldBeFalse();
        GsdBinary.Run(repo.Root, "milestone", "discard", "M099").StdErr.ShouldContain("no milestone M099");
    }

    private static string Status(GitRepo repo, string mid)
    {
        var queue = GsdBinary.Run(repo.Root, "queue", "--json");
        using var doc = JsonDocument.Parse(queue.StdOut);
        return doc.RootElement.GetProperty("milestones").EnumerateArray().Single(m => m.GetProperty("id").GetString() == mid).GetProperty("status").GetString()!;
    }
}
