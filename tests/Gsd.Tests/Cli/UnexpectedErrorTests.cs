using System.CommandLine;
using Gsd.Cli;

namespace Gsd.Tests.Cli;

/// <summary>An exception no message was written for reaches the user as one line naming it and the file with its trace.</summary>
public sealed class UnexpectedErrorTests
{
    private sealed class Throwing(Exception error) : GsdCommand<int>
    {
        protected override Command Declare() => new("boom");

        protected override int Bind(ParseResult parse) => 0;

        protected override Task<int> RunAsync(CommandContext ctx, int settings, CancellationToken ct) => throw error;
    }

    private static async Task<(int Code, string Out, string Err)> RunAsync(Exception error)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var port = ConsolePort.Captured(stdout, stderr);
        var root = new RootCommand { Subcommands = { new Throwing(error).Create(port) } };
        root.Options.Add(GsdCli.DirectoryOption);
        var code = await root.Parse(["boom"]).InvokeAsync();
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task A_bug_prints_one_line_naming_the_error_and_the_file_holding_its_trace()
    {
        var (code, stdout, stderr) = await RunAsync(new InvalidOperationException("the impossible happened"));

        code.ShouldBe(ExitCodes.Failure);
        stdout.ShouldBeEmpty();
        var line = stderr.TrimEnd('\n');
        line.ShouldNotContain("\n", customMessage: "one line, no stack trace on the terminal");
        line.ShouldStartWith("gsd: unexpected error: InvalidOperationException: the impossible happened (a bug in gsd; the full trace is in ");
        var path = line[(line.LastIndexOf(" in ", StringComparison.Ordinal) + 4)..^1];
        File.Exists(path).ShouldBeTrue(path);
        try
        {
            var saved = File.ReadAllText(path);
            saved.ShouldContain("InvalidOperationException: the impossible happened");
            saved.ShouldContain("   at ", customMessage: "the trace itself");
            saved.ShouldContain("args: boom");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Filesystem_trouble_is_its_message_with_the_path_not_a_crash()
    {
        var (code, _, stderr) = await RunAsync(new UnauthorizedAccessException("Access to the path '/p/.gsd/parallel' is denied."));

        code.ShouldBe(ExitCodes.Failure);
        stderr.ShouldBe("gsd: Access to the path '/p/.gsd/parallel' is denied.\n");
    }
}
