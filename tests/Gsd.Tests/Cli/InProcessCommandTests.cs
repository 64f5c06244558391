using System.Text.Json;
using Gsd.Cli;
using Gsd.Tests.Support;

namespace Gsd.Tests.Cli;

/// <summary>
/// Commands run in this process through GsdCli with a captured console port: the same parser, commands and error
/// handling as the binary, with stdout and stderr read back from writers.
/// </summary>
public sealed class InProcessCommandTests
{
    [Fact]
    public async Task Milestone_new_then_queue_json_in_a_git_repository()
    {
        using var repo = new GitRepo();
        (await RunAsync(repo.Root, "init")).ExitCode.ShouldBe(0);

        var first = await RunAsync(repo.Root, "milestone", "new", "First");
        var second = await RunAsync(repo.Root, "milestone", "new", "Second one", "--depends-on", "M001");

        first.ExitCode.ShouldBe(0, first.ToString());
        first.StdOut.ShouldBe("created .gsd/milestones/M001/M001-CONTEXT.md\n");
        second.ExitCode.ShouldBe(0, second.ToString());
        second.StdOut.ShouldContain("created .gsd/milestones/M002/M002-CONTEXT.md");
        second.StdErr.ShouldBeEmpty();
        repo.Read(".gsd/milestones/M002/M002-CONTEXT.md").ShouldContain("depends_on: [M001]");

        var queue = await RunAsync(repo.Root, "queue", "--json");
        queue.ExitCode.ShouldBe(0, queue.ToString());
        using var doc = JsonDocument.Parse(queue.StdOut);
        var milestones = doc.RootElement.GetProperty("milestones").EnumerateArray().ToDictionary(m => m.GetProperty("id").GetString()!);
        milestones.Keys.Order(StringComparer.Ordinal).ShouldBe(["M001", "M002"]);
        milestones["M002"].GetProperty("title").GetString().ShouldBe("Second one");
        milestones["M002"].GetProperty("status").GetString().ShouldBe("blocked");
        milestones["M002"].GetProperty("dependsOn").EnumerateArray().Select(e => e.GetString()).ShouldBe(["M001"]);
    }

    [Fact]
    public async Task Plain_queue_output_through_a_captured_port_is_plain_text()
    {
        using var repo = new GitRepo();
        (await RunAsync(repo.Root, "init")).ExitCode.ShouldBe(0);
        (await RunAsync(repo.Root, "milestone", "new", "Only one")).ExitCode.ShouldBe(0);

        var r = await RunAsync(repo.Root, "queue");

        r.ExitCode.ShouldBe(0, r.ToString());
        r.StdOut.ShouldContain("Only one");
        r.StdOut.ShouldNotContain("\u001b[");
    }

    [Theory]
    [InlineData("stop")]
    [InlineData("pause")]
    [InlineData("resume")]
    [InlineData("merge")]
    public async Task A_bad_milestone_id_is_a_usage_error_naming_it(string command)
    {
        using var repo = new GitRepo();
        (await RunAsync(repo.Root, "init")).ExitCode.ShouldBe(0);

        var r = await RunAsync(repo.Root, "parallel", command, "../M001");

        r.ExitCode.ShouldBe(2, r.ToString());
        r.StdErr.ShouldBe("gsd: '../M001' is not a milestone id (M###).\n");
        r.StdOut.ShouldBeEmpty();
    }

    [Fact]
    public async Task Errors_go_to_the_ports_stderr_with_their_exit_code()
    {
        using var dir = new TempDir();

        var outside = await RunAsync(dir.Path, "queue");
        var unknown = await RunAsync(dir.Path, "no-such-command");

        outside.ExitCode.ShouldBe(2);
        outside.StdErr.ShouldContain($"No .gsd directory found in {dir.Path} or any parent. Run `gsd init`.");
        unknown.ExitCode.ShouldBe(2);
        unknown.StdErr.ShouldContain("Run `gsd --help` for usage.");
    }

    [Fact]
    public async Task Help_is_written_to_the_ports_stdout()
    {
        using var dir = new TempDir();

        var r = await RunAsync(dir.Path, "parallel", "--help");

        r.ExitCode.ShouldBe(0, r.ToString());
        r.StdOut.ShouldContain("start");
        r.StdOut.ShouldContain("merge");
        r.StdOut.ShouldNotContain("Run the coordinator", customMessage: "the coordinator subcommand is hidden");
    }

    private static Task<InProcessResult> RunAsync(string directory, params string[] args) => InProcessGsd.RunAsync(directory, args);
}
