using System.Text.Json.Nodes;
using Gsd.Tests.Merge;
using Gsd.Tests.Parallel;

namespace Gsd.Tests.Ownership;

/// <summary>
/// Issue 8 item 4: a temp file a killed atomic write left in a worktree is gsd's own, never a user change: the merge still
/// removes the merged milestone's branch and worktree; and doctor finds a merged milestone's leftovers and --fix removes
/// them with the merge's containment proof.
/// </summary>
[Collection(EndToEnd.Name)]
public sealed class MergedLeftoverTests
{
    [Fact]
    public void A_leftover_gsd_temp_file_in_a_worktree_does_not_keep_the_merged_branch_and_worktree()
    {
        using var p = new MergeProject();
        var m1 = p.NewMilestone("Killed mid-write");
        p.RunWorkers();
        LeaveTempFiles(p.Worktree(m1));

        var (result, items) = p.MergeJson();

        result.ExitCode.ShouldBe(0, result.ToString());
        var item = items.ShouldHaveSingleItem();
        item.Outcome.ShouldBe("merged");
        item.Error.ShouldBeNull();
        p.BranchExists(m1).ShouldBeFalse();
        Directory.Exists(p.Worktree(m1)).ShouldBeFalse();
    }

    [Fact]
    public void Doctor_reports_a_merged_milestones_branch_and_worktree_and_fix_removes_them_once_proven_and_clean()
    {
        using var p = new MergeProject();
        var m1 = p.NewMilestone("Merged, cleanup refused");
        p.RunWorkers();
        var notes = Path.Combine(p.Worktree(m1), "notes.txt");
        File.WriteAllText(notes, "mine\n");
        p.MergeJson().Items.ShouldHaveSingleItem().Error!.ShouldContain("uncommitted changes");

        var dirty = Findings(p.Gsd("doctor", "--fix", "--json"));
        var kept = dirty.Where(f => (string?)f["code"] == "merged-milestone-leftover").ShouldHaveSingleItem();
        ((string?)kept["message"]).ShouldNotBeNull().ShouldContain($"milestone/{m1}");
        ((bool?)kept["fixed"]).ShouldBe(false);
        ((string?)kept["action"]).ShouldNotBeNull().ShouldContain("uncommitted changes");
        File.ReadAllText(notes).ShouldBe("mine\n", "a user's file is never removed");

        File.Delete(notes);
        LeaveTempFiles(p.Worktree(m1));
        var clean = Findings(p.Gsd("doctor", "--fix", "--json"));
        var removed = clean.Where(f => (string?)f["code"] == "merged-milestone-leftover").ShouldHaveSingleItem();
        ((bool?)removed["fixed"]).ShouldBe(true, removed.ToJsonString());
        p.BranchExists(m1).ShouldBeFalse();
        Directory.Exists(p.Worktree(m1)).ShouldBeFalse();
        Findings(p.Gsd("doctor", "--json")).ShouldNotContain(f => (string?)f["code"] == "merged-milestone-leftover");
    }

    /// <summary>What `kill -9` during an atomic write leaves: IO/AtomicFile's temp files next to the lock and the ledger.</summary>
    private static void LeaveTempFiles(string worktree)
    {
        File.WriteAllText(Path.Combine(worktree, ".gsd", $".auto.lock.4242.{Guid.NewGuid():N}.tmp"), "{\"pid\":");
        File.WriteAllText(Path.Combine(worktree, ".gsd", $".metrics.json.4242.{Guid.NewGuid():N}.tmp"), "{\"units\":[");
    }

    private static List<JsonNode> Findings(ProcessResult r) =>
        JsonNode.Parse(r.StdOut)?["findings"]?.AsArray().Select(f => f!).ToList() ?? throw new ShouldAssertException($"doctor --json printed no findings:\n{r}");
}
