using System.Text.Json;
using Gsd.Protocol;
using Gsd.Reports;
using Gsd.Tests.Auto;
using Gsd.Tests.Merge;
using Gsd.Tests.Support;

namespace Gsd.Tests.Reports;

/// <summary>`.gsd/reports/&lt;MID&gt;.html`: written by the worker when its milestone completes, refreshed by the merge, and by `gsd report MID`.</summary>
public sealed class ReportTests
{
    private const string Hostile = "<script>alert(1)</script>";

    [Fact]
    public void A_completed_milestone_gets_a_self_contained_report_with_its_tasks_retry_reason_and_files_and_hostile_text_escaped()
    {
        using var project = new AutoProject("agent:\n  kind: sim\n");
        var counter = Path.Combine(project.Scratch, "calls");
        // Fails its first call the way a flaky agent does, then writes the file and reports cost and tokens.
        var script = TestAgents.WriteScript(project.Scratch, "flaky-agent", $$$"""
            n=$(cat {{{TestAgents.Q(counter)}}} 2>/dev/null || echo 0)
            echo $((n + 1)) > {{{TestAgents.Q(counter)}}}
            cat > /dev/null
            if [ "$n" -eq 0 ]; then echo "upstream <b>overloaded</b> & gave up" >&2; exit 5; fi
            echo right > answer.txt
            echo '{"type":"result","subtype":"success","is_error":false,"total_cost_usd":0.25,"usage":{"input_tokens":1200,"output_tokens":34}}'
            """);
        project.SetPreferences(AutoProject.Command(script));
        var mid = project.PlannedMilestone(Hostile, new PlannedTaskSpec("Write the <answer> & check", ["answer.txt"]));

        var run = project.Gsd("auto");

        run.ExitCode.ShouldBe(0, run.ToString());
        var failed = project.Metrics().Units.Where(u => u.Outcome == "failed").ShouldHaveSingleItem();
        failed.Failure.ShouldNotBeNull().ShouldContain("upstream <b>overloaded</b> & gave up", Case.Sensitive, "the ledger keeps why the try failed");
        var html = ReadReport(project.Root, mid);
        html.ShouldContain($"{mid}/S01/T01");
        html.ShouldContain("The slice");
        html.ShouldContain("Write the &lt;answer&gt; &amp; check");
        html.ShouldContain("upstream &lt;b&gt;overloaded&lt;/b&gt; &amp; gave up", Case.Sensitive, "the retry's reason");
        html.ShouldContain("<code>answer.txt</code>", Case.Sensitive, "the files changed");
        html.ShouldContain("$0.2500", Case.Sensitive, "the unit's cost");
        html.ShouldContain("<svg", Case.Sensitive, "charts are inline SVG");
        html.ShouldContain("Not merged yet");
        AssertSelfContainedAndEscaped(html);
        run.StdOut.ShouldContain($"report written to .gsd/reports/{mid}.html");
        project.Repo.Git("status", "--porcelain").ShouldBeEmpty("the report is a runtime file: ignored, never a user change");
        project.Repo.Git("log", "--name-only", "--format=").ShouldNotContain("reports/");
    }

    [Fact]
    public void Merge_refreshes_the_report_with_the_merge_commit_and_the_worktree_is_still_removed()
    {
        using var project = new MergeProject();
        var mid = project.NewMilestone("Reported");
        project.CompleteByHand(mid);
        var before = ReadReport(project.Root, mid);
        before.ShouldContain("Not merged yet");
        before.ShouldContain($"sim/{mid.ToLowerInvariant()}/s01-t01.txt", Case.Sensitive, "the branch's files against main");

        var (result, items) = project.MergeJson(mid, "--yes");

        result.ExitCode.ShouldBe(0, result.ToString());
        var commit = items.ShouldHaveSingleItem().Commit.ShouldNotBeNull();
        var after = ReadReport(project.Root, mid);
        after.ShouldContain($"<code class=\"merge-commit\">{commit}</code>");
        after.ShouldContain($"From the merge commit {commit[..12]}");
        after.ShouldContain($"sim/{mid.ToLowerInvariant()}/s01-t01.txt");
        AssertSelfContainedAndEscaped(after);
        Directory.Exists(project.Worktree(mid)).ShouldBeFalse("the report lives in the project root, never in the worktree the merge removes");

        // On demand after the merge: the plan from the project root, the tries from the root ledger the merge carried them to.
        File.Delete(Path.Combine(project.Root, ".gsd", "reports", $"{mid}.html"));
        var again = project.Gsd("report", mid);
        again.ExitCode.ShouldBe(0, again.ToString());
        var html = ReadReport(project.Root, mid);
        html.ShouldContain(commit);
        html.ShouldContain($"execute-task {mid}/S01/T01");
        html.ShouldNotContain("No metrics recorded yet");
    }

    [Fact]
    public async Task Report_on_demand_prints_its_path_and_json_and_a_milestone_without_metrics_still_gets_one()
    {
        using var project = new ProjectBuilder("gsd-report");
        project.InitGsd().Commit("init");
        var mid = project.NewMilestone("Nothing run yet");

        var text = await InProcessGsd.RunAsync(project.Root, "report", mid);
        var json = await InProcessGsd.RunAsync(project.Root, "report", mid, "--json");

        text.ExitCode.ShouldBe(0, text.ToString());
        var path = Path.Combine(project.Root, ".gsd", "reports", $"{mid}.html");
        text.StdOut.Trim().ShouldBe(path);
        json.ExitCode.ShouldBe(0, json.ToString());
        using (var doc = JsonDocument.Parse(json.StdOut))
        {
            doc.RootElement.GetProperty("path").GetString().ShouldBe(path);
        }
        var html = File.ReadAllText(path);
        html.ShouldContain("No metrics recorded yet");
        html.ShouldContain("Nothing run yet");
        AssertSelfContainedAndEscaped(html);
        Directory.GetFiles(Path.GetDirectoryName(path)!).ShouldBe([path], "no temp file is left beside it");
    }

    [Theory]
    [InlineData("M999", "no milestone M999")]
    [InlineData("bogus", "'bogus' is not a milestone id")]
    public async Task Report_of_an_unknown_or_malformed_milestone_is_a_usage_error_naming_it(string id, string message)
    {
        using var project = new ProjectBuilder("gsd-report");
        project.InitGsd().Commit("init");

        var r = await InProcessGsd.RunAsync(project.Root, "report", id);

        r.ExitCode.ShouldBe(2, r.ToString());
        r.StdErr.ShouldContain(message, Case.Sensitive, r.ToString());
        r.StdErr.ShouldNotContain("   at ");
        Directory.Exists(Path.Combine(project.Root, ".gsd", "reports")).ShouldBeFalse("nothing is written for an unknown milestone");
    }

    [Fact]
    public void Every_string_of_the_report_is_html_encoded()
    {
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var tries = new[]
        {
            new UnitMetrics("execute-task", $"M001/S01/T01", Hostile, at, at.AddSeconds(3), new MetricsTokens(1, 2, 0, 0, 3), 0.1m) { Outcome = "failed", Failure = Hostile },
            new UnitMetrics("execute-task", $"M001/S01/T01", null, at.AddSeconds(4), at.AddSeconds(9), new MetricsTokens(1, 2, 0, 0, 3), 0.1m) { Attempt = 2 },
        };
        var report = new MilestoneReport(
            "M001",
            Hostile,
            "complete",
            Hostile,
            [new ReportSlice("S01", Hostile, true, [new ReportTask("T01", Hostile, true)])],
            tries,
            new ReportChanges(Hostile, [Hostile, "src/\"quoted\".cs"]),
            new ReportMerge("failed", null, Hostile, at, Hostile),
            at);

        var html = ReportHtml.Render(report);

        AssertSelfContainedAndEscaped(html);
        html.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;");
        html.ShouldContain("src/&quot;quoted&quot;.cs");
        html.ShouldContain("Timeline");
    }

    private static string ReadReport(string root, string mid)
    {
        var path = Path.Combine(root, ".gsd", "reports", $"{mid}.html");
        File.Exists(path).ShouldBeTrue($"{path} was not written");
        return File.ReadAllText(path);
    }

    /// <summary>No external asset of any kind, no script at all, and no hostile string left unencoded.</summary>
    private static void AssertSelfContainedAndEscaped(string html)
    {
        html.ShouldStartWith("<!DOCTYPE html>");
        foreach (var banned in new[] { "src=http", "src=\"http", "href=http", "href=\"http", "<link", "<script", "@import", "url(" })
        {
            html.ShouldNotContain(banned, Case.Insensitive);
        }
        html.ShouldContain("prefers-color-scheme: dark");
    }
}
