using System.Text.Json.Nodes;
using Gsd.Layout;
using Gsd.Protocol;
using Gsd.Tests.Doctor;
using Gsd.Tests.Merge;
using Gsd.Tests.Parallel;

namespace Gsd.Tests.Ownership;

/// <summary>
/// Issue 8 item 3: one owner per milestone. A plain `gsd auto` never takes a milestone a live parallel worker owns, nor one
/// complete on an unmerged branch; named explicitly it refuses and says who owns it; `gsd queue` shows each run state.
/// </summary>
[Collection(EndToEnd.Name)]
public sealed class OwnershipTests
{
    [Fact]
    public void Gsd_auto_in_the_root_leaves_milestones_parallel_workers_run_and_refuses_one_named_explicitly()
    {
        using var p = new ParallelProject(tasks: 1);
        p.Gsd("parallel", "start", "--yes").ExitCode.ShouldBe(0);
        p.WaitForAgent("M002");
        p.WaitForAgent("M004");
        var worker = p.WorkerPid("M002");
        var mainBefore = p.Repo.Git("rev-parse", "main");

        var auto = p.Gsd("auto");

        auto.ExitCode.ShouldBe(0, auto.ToString());
        auto.StdOut.ShouldContain("No eligible milestones");
        auto.StdOut.ShouldContain($"M002 is being run by parallel worker pid {worker}");
        p.Repo.Git("rev-parse", "main").ShouldBe(mainBefore, "the root did no unit of its own");

        var named = p.Gsd("auto", "M002");

        named.ExitCode.ShouldBe(1, named.ToString());
        named.StdErr.ShouldContain($"Refusing to run M002 is being run by parallel worker pid {worker}");
        named.StdErr.ShouldContain("gsd parallel status");

        var queue = Queue(p.Gsd("queue", "--json"));
        ((string?)queue["M002"]!["runState"]).ShouldBe("running");
        ((int?)queue["M002"]!["workerPid"]).ShouldBe(worker);
        ((string?)queue["M001"]!["runState"]).ShouldBeNull("complete on main: nobody holds it");
        ((string?)queue["M003"]!["runState"]).ShouldBeNull();
        p.Gsd("queue").StdOut.ShouldContain($"running (pid {worker})");
    }

    [Fact]
    public void A_milestone_complete_on_its_unmerged_branch_is_awaiting_merge_and_gsd_auto_leaves_it_until_it_is_merged()
    {
        using var p = new MergeProject();
        var m1 = p.NewMilestone("Done on its branch");
        p.RunWorkers();
        QueueRunState(p, m1).ShouldBe("awaiting-merge");
        // Without the run's files too: the branch itself says it is complete and unmerged.
        Directory.Delete(p.Paths.Directory, recursive: true);
        QueueRunState(p, m1).ShouldBe("awaiting-merge");
        var mainBefore = p.Git("rev-parse", "main");

        var auto = p.Gsd("auto");

        auto.ExitCode.ShouldBe(0, auto.ToString());
        auto.StdOut.ShouldContain($"{m1} is complete on milestone/{m1}, awaiting merge");
        p.Git("rev-parse", "main").ShouldBe(mainBefore, "the milestone was not done a second time");
        var named = p.Gsd("auto", m1);
        named.ExitCode.ShouldBe(1, named.ToString());
        named.StdErr.ShouldContain($"gsd parallel merge {m1}");

        p.MergeJson().Result.ExitCode.ShouldBe(0);
        QueueRunState(p, m1).ShouldBeNull();
    }

    [Fact]
    public void Queue_shows_gave_up_merge_conflict_merge_failed_and_crashed_from_the_run_files()
    {
        using var b = new ProjectBuilder("gsd-runstate");
        b.IgnoreRuntime().Context("M001", "Blocked").Context("M002", "Conflicted").Context("M003", "Failed").Context("M004", "Crashed").Context("M005", "Untouched").Commit("plan");
        var paths = b.Paths;
        Directory.CreateDirectory(paths.Directory);
        var dead = DoctorProject.DeadPid();
        WriteStatus(paths, "M001", WorkerState.Blocked, dead);
        WriteStatus(paths, "M004", WorkerState.Running, dead);
        var ledger = new MergeLedger(paths);
        ledger.Update("M002", _ => new MergeRecord(MergeRecordOutcome.Conflict, DateTimeOffset.UtcNow, null, null, ["src/a.txt"]));
        ledger.Update("M003", _ => new MergeRecord(MergeRecordOutcome.Failed, DateTimeOffset.UtcNow, null, "pre-merge check failed", []));

        var queue = Queue(b.Launcher.Run("queue", "--json"));

        ((string?)queue["M001"]!["runState"]).ShouldBe("gave-up");
        ((string?)queue["M002"]!["runState"]).ShouldBe("merge-conflict");
        ((string?)queue["M003"]!["runState"]).ShouldBe("merge-failed");
        ((string?)queue["M004"]!["runState"]).ShouldBe("crashed");
        ((string?)queue["M005"]!["runState"]).ShouldBeNull();
        var plain = b.Launcher.Run("queue").StdOut;
        plain.ShouldContain("gave-up");
        plain.ShouldContain("merge-conflict");
    }

    private static void WriteStatus(ParallelPaths paths, string mid, WorkerState state, int pid) =>
        Gsd.IO.JsonFile.Write(paths.StatusFile(mid), new WorkerStatus { MilestoneId = mid, State = state, Pid = pid, ProcessStartedAt = 42, LastHeartbeat = DateTimeOffset.UtcNow }, GsdJsonContext.Default.WorkerStatus);

    private static string? QueueRunState(MergeProject p, string mid) => (string?)Queue(p.Gsd("queue", "--json"))[mid]!["runState"];

    private static Dictionary<string, JsonNode> Queue(ProcessResult r)
    {
        r.ExitCode.ShouldBe(0, r.ToString());
        return JsonNode.Parse(r.StdOut)!["milestones"]!.AsArray().ToDictionary(m => (string)m!["id"]!, m => m!, StringComparer.Ordinal);
    }
}
