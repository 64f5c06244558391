using Gsd.Planning;

namespace Gsd.Tests.Planning;

/// <summary>Park, unpark and discard in process, on plain planning trees (the git side of discard is in the CLI test).</summary>
public sealed class MilestoneParkingTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 17, 30, 0, TimeSpan.Zero);

    private readonly PlanningTree tree = new();

    public void Dispose() => tree.Dispose();

    private string Read(string relative) => File.ReadAllText(Path.Combine(tree.Root, ".gsd", relative));

    [Fact]
    public void Park_writes_GSD2s_PARKED_file_and_the_milestone_is_parked_and_blocks_its_dependents()
    {
        tree.Context("M001", "Later").Context("M002", "After", "M001");

        var result = MilestoneParking.Park(tree.Root, "M001", "waiting for \"design\"\nreview", Now);

        result.Changed.ShouldBeTrue();
        Read("milestones/M001/M001-PARKED.md").ShouldBe(
            "---\nparked_at: 2026-12-01T17:30:00.000Z\nreason: \"waiting for \\\"design\\\" review\"\n---\n\n# M001 — Parked\n\n> waiting for \"design\" review\n");
        var project = tree.Load();
        project.Find("M001")!.Status.ShouldBe(MilestoneStatus.Parked);
        project.Find("M002")!.WaitingFor.ShouldBe(["M001"]);
        MilestoneParking.Park(tree.Root, "M001", null, Now).Changed.ShouldBeFalse();
    }

    [Fact]
    public void Unpark_removes_the_file_and_the_milestone_is_ready_again()
    {
        tree.Context("M001", "Later");
        MilestoneParking.Park(tree.Root, "M001", null, Now);

        MilestoneParking.Unpark(tree.Root, "M001").Changed.ShouldBeTrue();

        tree.Load().Find("M001")!.Status.ShouldBe(MilestoneStatus.Ready);
        MilestoneParking.Unpark(tree.Root, "M001").Message.ShouldBe("M001 is not parked");
    }

    [Fact]
    public void A_complete_milestone_cannot_be_parked_and_an_unknown_one_is_named()
    {
        tree.Context("M001", "Done").Summary("M001");

        Should.Throw<GsdException>(() => MilestoneParking.Park(tree.Root, "M001", null, Now)).Message.ShouldContain("complete");
        var unknown = Should.Throw<GsdException>(() => MilestoneParking.Unpark(tree.Root, "M099"));
        unknown.Message.ShouldStartWith("no milestone M099");
        unknown.ExitCode.ShouldBe(ExitCodes.Usage);
    }

    [Fact]
    public void Discard_deletes_a_milestone_never_started_and_its_queue_order_entry()
    {
        tree.Context("M001", "Keep").Context("M002", "Drop").Gsd("QUEUE-ORDER.json", "{\"order\": [\"M002\", \"M001\"], \"updatedAt\": \"x\"}\n");

        var result = MilestoneParking.Discard(tree.Root, "M002", []);

        result.Message.ShouldBe("M002 discarded: removed .gsd/milestones/M002/ and its entry in .gsd/QUEUE-ORDER.json");
        Directory.Exists(Path.Combine(tree.Root, ".gsd/milestones/M002")).ShouldBeFalse();
        var order = Read("QUEUE-ORDER.json");
        order.ShouldNotContain("M002");
        order.ShouldContain("updatedAt");
        tree.Load().Problems.ShouldBeEmpty();
    }

    [Fact]
    public void Discard_refuses_a_started_milestone_one_with_work_in_git_and_one_others_depend_on_changing_nothing()
    {
        tree.Roadmap("M001", "Started", "- [x] **S01: One** `risk:low` `depends:[]`", "- [ ] **S02: Two** `risk:low` `depends:[]`")
            .Context("M002", "Branch").Context("M003", "Needed").Context("M004", "Needs", "M003");

        Should.Throw<GsdException>(() => MilestoneParking.Discard(tree.Root, "M001", [])).Message.ShouldContain("1 slice(s) and 0 task(s) are done");
        var branch = Should.Throw<GsdException>(() => MilestoneParking.Discard(tree.Root, "M002", ["branch milestone/M002 exists (2 commit(s) not on HEAD)"]));
        branch.Message.ShouldContain("branch milestone/M002 exists");
        branch.Message.ShouldContain("gsd milestone park M002");
        Should.Throw<GsdException>(() => MilestoneParking.Discard(tree.Root, "M003", [])).Message.ShouldStartWith("M004 depends on M003");

        tree.Load().Milestones.Select(m => m.Id).ShouldBe(["M001", "M002", "M003", "M004"]);
    }
}
