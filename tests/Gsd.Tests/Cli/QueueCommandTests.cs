using System.Text.Json;
using Gsd.Tests.Support;

namespace Gsd.Tests.Cli;

public sealed class QueueCommandTests
{
    private static string Sample
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = System.IO.Path.Combine(dir.FullName, "examples", "sample");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
            throw new InvalidOperationException("examples/sample not found above the test output");
        }
    }

    [Fact]
    public void Outside_a_project_exits_2_with_the_documented_message()
    {
        using var dir = new GitDir();
        var r = GsdBinary.Run(dir.Path, "queue");
        r.ExitCode.ShouldBe(2);
        r.StdErr.ShouldContain($"No .gsd directory found in {dir.Path} or any parent. Run `gsd init`.");
    }

    [Fact]
    public void Sample_project_json_has_every_status()
    {
        var r = GsdBinary.Run(Sample, "queue", "--json");
        r.ExitCode.ShouldBe(0, r.ToString());
        using var doc = JsonDocument.Parse(r.StdOut);
        var ms = doc.RootElement.GetProperty("milestones").EnumerateArray().ToDictionary(m => m.GetProperty("id").GetString()!);
        ms["M001"].GetProperty("status").GetString().ShouldBe("complete");
        ms["M002"].GetProperty("status").GetString().ShouldBe("ready");
        ms["M003"].GetProperty("status").GetString().ShouldBe("blocked");
        ms["M005"].GetProperty("status").GetString().ShouldBe("blocked");
        ms["M006"].GetProperty("status").GetString().ShouldBe("parked");
        ms["M002"].GetProperty("slicesDone").GetInt32().ShouldBe(1);
        ms["M002"].GetProperty("slicesTotal").GetInt32().ShouldBe(2);
        ms["M002"].GetProperty("tasksDone").GetInt32().ShouldBe(2);
        ms["M005"].GetProperty("dependsOn").EnumerateArray().Select(e => e.GetString()).ShouldBe(["M002", "M004"]);
        doc.RootElement.GetProperty("problems").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public void Plain_output_lists_milestones_and_what_blocked_ones_wait_for()
    {
        var r = GsdBinary.Run(Sample, "queue");
        r.ExitCode.ShouldBe(0, r.ToString());
        r.StdOut.ShouldContain("User accounts");
        r.StdOut.ShouldContain("M005 is blocked: waits for M002 (ready), M004 (ready)");
        r.StdOut.ShouldNotContain("\u001b[");
    }

    [Fact]
    public void Works_from_a_subdirectory()
    {
        using var dir = new GitDir();
        GsdBinary.Run(dir.Path, "init").ExitCode.ShouldBe(0);
        GsdBinary.Run(dir.Path, "milestone", "new", "A").ExitCode.ShouldBe(0);
        Directory.CreateDirectory(dir.File("src/deep"));
        var r = GsdBinary.Run(dir.File("src/deep"), "queue", "--json");
        r.ExitCode.ShouldBe(0, r.ToString());
        r.StdOut.ShouldContain("\"id\": \"M001\"");
    }

    [Fact]
    public void Problems_are_reported_with_file_and_the_rest_still_loads()
    {
        using var dir = new GitDir();
        dir.Write(".gsd/milestones/M001/M001-CONTEXT.md", "---\ndepends_on: [M009]\n---\n# M001: One\n");
        dir.Write(".gsd/milestones/M002/M002-CONTEXT.md", "---\ndepends_on: [M003]\n---\n# M002: Two\n");
        dir.Write(".gsd/milestones/M003/M003-CONTEXT.md", "---\ndepends_on: [M002]\n---\n# M003: Three\n");
        dir.Write(".gsd/milestones/M004/M004-CONTEXT.md", "# M004: Fine\n");
        dir.Write(".gsd/QUEUE-ORDER.json", "{\"order\": [\"M004\", ");
        var r = GsdBinary.Run(dir.Path, "queue");
        r.ExitCode.ShouldBe(0, r.ToString());
        r.StdOut.ShouldContain("M009");
        r.StdOut.ShouldContain("QUEUE-ORDER.json");
        r.StdOut.ShouldContain("Fine");
        var json = GsdBinary.Run(dir.Path, "queue", "--json");
        using var doc = JsonDocument.Parse(json.StdOut);
        var codes = doc.RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("code").GetString()).ToList();
        codes.ShouldContain("unknown-dependency");
        codes.ShouldContain("cycle");
    }
}
