using Gsd.Protocol;

namespace Gsd.Tests.Auto;

/// <summary>
/// The milestone the real-CLI worker tests (claude, codex) drive through `gsd auto`: planned into one slice, the slice
/// into one task, the task writes hello.txt. The shell commands the scripted model runs for each unit, and what the run
/// must leave behind.
/// </summary>
internal static class GreetingMilestone
{
    public const string Title = "Greeting";

    /// <summary>plan-milestone: a roadmap with one slice. printf writes the backticks as \140: nothing is a shell substitution (and Claude Code refuses backticks).</summary>
    public static string RoadmapCommand(string mid) =>
        $"printf '# {mid}: Greeting\\n\\n## Slices\\n\\n- [ ] **S01: Say hello** \\140risk:low\\140 \\140depends:[]\\140\\n' > {Dir(mid)}/{mid}-ROADMAP.md";

    /// <summary>plan-slice: a plan with one task.</summary>
    public static string SlicePlanCommand(string mid) =>
        $"mkdir -p {Dir(mid)}/slices/S01 && printf '# S01: Say hello\\n\\n## Tasks\\n\\n- [ ] **T01: Write hello.txt** \\140est:5m\\140\\n  - Files: \\140hello.txt\\140\\n  - Verify: grep -q hello hello.txt\\n' > {Dir(mid)}/slices/S01/S01-PLAN.md";

    /// <summary>execute-task: hello.txt saying who wrote it.</summary>
    public static string HelloCommand(string agent) => $"printf 'hello from {agent}\\n' > hello.txt";

    /// <summary>
    /// The run went to complete through six model requests (a command, then a message, per unit), every reply served,
    /// with one commit per unit and slice/milestone completion, and a clean checkout.
    /// </summary>
    public static void ShouldBeComplete(AutoProject project, string mid, string before, string agent, IReadOnlyList<RecordedRequest> modelRequests, int remainingReplies, string context)
    {
        modelRequests.Count.ShouldBe(6, context);
        remainingReplies.ShouldBe(0, context);
        modelRequests[0].Body.ShouldContain($"{mid}-ROADMAP.md", customMessage: "the plan-milestone prompt reached the model");
        modelRequests[4].Body.ShouldContain("Files to create or change: hello.txt", customMessage: "the execute-task prompt reached the model");

        project.Repo.Read("hello.txt").ShouldBe($"hello from {agent}\n");
        var commits = project.CommitsSince(before);
        commits.Select(c => c.Subject).ShouldBe(
        [
            $"feat({mid}): plan milestone Greeting",
            $"feat({mid}/S01): plan slice Say hello",
            $"feat({mid}/S01/T01): Write hello.txt",
            $"feat({mid}/S01): complete slice Say hello",
            $"feat({mid}): complete milestone Greeting",
        ], context);
        commits[0].Files.ShouldBe([$"{Dir(mid)}/{mid}-ROADMAP.md"]);
        commits[1].Files.ShouldBe([$"{Dir(mid)}/slices/S01/S01-PLAN.md"]);
        commits[2].Files.ShouldContain("hello.txt");
        commits[2].Trailer("GSD-Unit").ShouldBe($"{mid}/S01/T01");
        project.Repo.Git("status", "--porcelain").ShouldBeEmpty();
        project.Status(mid)!.State.ShouldBe(WorkerState.Complete);
    }

    private static string Dir(string mid) => $".gsd/milestones/{mid}";
}
