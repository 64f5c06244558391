using System.CommandLine;
using Gsd.Cli;
using Gsd.Tests.Support;

namespace Gsd.Tests.Cli;

/// <summary>
/// A mistyped command or option gets "did you mean" and the help to read (exit 2); every visible command's help shows
/// its optional arguments in brackets and ends with one example that parses to that command. Run in process.
/// </summary>
public sealed class HelpAndSuggestionTests
{
    [Fact]
    public async Task A_mistyped_command_suggests_the_closest_one_and_its_help()
    {
        var r = await RunAsync("qeue");

        r.ExitCode.ShouldBe(2, r.ToString());
        r.StdErr.ShouldBe("gsd: unknown command 'qeue'. Did you mean 'queue'?\nRun `gsd queue --help` for usage.\n");
        r.StdOut.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("parallel strt")]
    [InlineData("parallel strt M001")]
    public async Task A_mistyped_subcommand_suggests_among_its_group(string line)
    {
        var r = await RunAsync(line.Split(' '));

        r.ExitCode.ShouldBe(2, r.ToString());
        r.StdErr.ShouldBe("gsd: unknown command 'strt'. Did you mean 'start'?\nRun `gsd parallel start --help` for usage.\n");
    }

    [Theory]
    [InlineData("zzzzzz", "Run `gsd --help` for usage.")]
    [InlineData("parallel zzzzzz", "Run `gsd parallel --help` for usage.")]
    public async Task Nothing_close_is_still_a_clear_error_naming_the_token(string line, string help)
    {
        var r = await RunAsync(line.Split(' '));

        r.ExitCode.ShouldBe(2, r.ToString());
        r.StdErr.ShouldBe($"gsd: unknown command 'zzzzzz'.\n{help}\n");
    }

    [Theory]
    [InlineData("queue --jsn", "--json", "gsd queue")]
    [InlineData("parallel stop --jsn", "--json", "gsd parallel stop")] // the optional MID would otherwise take it as a value
    [InlineData("doctor -fix", "--fix", "gsd doctor")]
    [InlineData("--verison", "--version", "gsd")]
    public async Task A_mistyped_option_suggests_among_that_commands_options(string line, string suggestion, string command)
    {
        var r = await RunAsync(line.Split(' '));

        r.ExitCode.ShouldBe(2, r.ToString());
        r.StdErr.ShouldBe($"gsd: unknown option '{line.Split(' ')[^1]}'. Did you mean '{suggestion}'?\nRun `{command} --help` for usage.\n");
    }

    [Fact]
    public async Task After_a_double_dash_an_option_shaped_word_is_a_value()
    {
        using var repo = new GitRepo();
        (await RunInAsync(repo.Root, "init")).ExitCode.ShouldBe(0);

        var r = await RunInAsync(repo.Root, "milestone", "new", "--", "--not-an-option");

        r.ExitCode.ShouldBe(0, r.ToString());
        repo.Read(".gsd/milestones/M001/M001-CONTEXT.md").ShouldContain("--not-an-option");
    }

    [Fact]
    public async Task Hidden_commands_are_never_suggested()
    {
        var hidden = Tree().Where(c => c.Hidden).ToList();
        hidden.Select(c => c.Name).ShouldBe(["coordinator", "sim-agent"], ignoreOrder: true);

        foreach (var command in hidden)
        {
            var path = CommandExamples.PathOf(command).Split(' ');
            var typo = command.Name[..^1]; // one letter short: well within the distance a visible command would get
            var r = await RunAsync([.. path[..^1], typo]);

            r.ExitCode.ShouldBe(2, r.ToString());
            r.StdErr.ShouldNotContain("Did you mean", customMessage: r.ToString());
            r.StdErr.ShouldNotContain(command.Name, customMessage: r.ToString());
        }
    }

    [Fact]
    public async Task Every_visible_commands_help_ends_with_its_example()
    {
        foreach (var command in Tree().Where(c => !c.Hidden))
        {
            var path = CommandExamples.PathOf(command);
            var r = await RunAsync([.. Words(path), "--help"]);

            r.ExitCode.ShouldBe(0, r.ToString());
            var example = CommandExamples.For(command).ShouldNotBeNull($"no example for 'gsd {path}'");
            r.StdOut.ShouldEndWith($"\nExamples:\n  {example}\n\n", customMessage: r.ToString());
        }
    }

    [Fact]
    public void Every_example_parses_to_the_command_it_documents_and_none_is_stale()
    {
        var root = GsdCli.CreateRoot(ConsolePort.Captured(TextWriter.Null, TextWriter.Null));
        var visible = Tree(root).Where(c => !c.Hidden).ToDictionary(CommandExamples.PathOf);

        CommandExamples.Paths.ShouldBe(visible.Keys, ignoreOrder: true);
        foreach (var (path, command) in visible)
        {
            var example = CommandExamples.For(command).ShouldNotBeNull();
            var words = ShellWords(example);
            words[0].ShouldBe("gsd");
            var parse = root.Parse(words[1..]);
            parse.Errors.ShouldBeEmpty(example);
            // A group (gsd, milestone, parallel) runs nothing itself: its example runs one of its subcommands.
            var reached = parse.CommandResult.Command;
            (reached == command || (command.Action is null && reached.Parents.Contains(command))).ShouldBeTrue($"{example} runs 'gsd {CommandExamples.PathOf(reached)}'");
        }
    }

    [Fact]
    public async Task Optional_arguments_are_bracketed_in_usage_and_in_the_parents_command_list()
    {
        var optional = Tree().Where(c => !c.Hidden && c.Arguments.Any(a => a.Arity.MinimumNumberOfValues == 0)).ToList();
        optional.Select(CommandExamples.PathOf).ShouldBe(
            ["auto", "parallel logs", "parallel stop", "parallel pause", "parallel resume", "parallel merge", "demo"], ignoreOrder: true);

        foreach (var command in optional)
        {
            var path = CommandExamples.PathOf(command);
            var argument = $"[<{command.Arguments[0].Name}>]";
            var own = await RunAsync([.. Words(path), "--help"]);
            var parent = await RunAsync([.. Words(path)[..^1], "--help"]);

            own.StdOut.ShouldContain($" {path} {argument} [options]", customMessage: own.ToString()); // after the executable's name
            parent.StdOut.ShouldContain($"\n  {command.Name} {argument}  ", customMessage: parent.ToString());
        }
    }

    [Fact]
    public async Task The_command_list_stays_aligned_after_bracketing()
    {
        var r = await RunAsync("parallel", "--help");

        var rows = r.StdOut.Split('\n').SkipWhile(l => l != "Commands:").Skip(1).TakeWhile(l => l.Length > 0).ToList();
        rows.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0])
            .ShouldBe(["start", "status", "logs", "stop", "pause", "resume", "merge"]);
        rows.Select(DescriptionColumn).Distinct().ShouldHaveSingleItem();
        rows.ShouldContain("  resume [<MID>]  Resume paused workers");
        (await RunAsync("--help")).StdOut.ShouldContain("\n  milestone     Manage milestones\n", customMessage: "the root list realigned for demo [<DIR>]");

        static int DescriptionColumn(string row) => row.IndexOf("  ", 2, StringComparison.Ordinal) is var gap and >= 0
            ? row.Length - row[gap..].TrimStart().Length
            : -1;
    }

    /// <summary>The root and every command below it, depth first.</summary>
    private static IEnumerable<Command> Tree(Command? root = null) =>
        Below(root ?? GsdCli.CreateRoot(ConsolePort.Captured(TextWriter.Null, TextWriter.Null)), includeSelf: true);

    private static IEnumerable<Command> Below(Command command, bool includeSelf) =>
        command.Subcommands.SelectMany(c => Below(c, includeSelf: true)).Prepend(command).Skip(includeSelf ? 0 : 1);

    private static string[] Words(string path) => path.Length == 0 ? [] : path.Split(' ');

    /// <summary>The words a shell makes of an example line: split on spaces, double quotes grouping.</summary>
    private static string[] ShellWords(string line)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ' ' && !quoted)
            {
                words.Add(word.ToString());
                word.Clear();
            }
            else
            {
                word.Append(c);
            }
        }
        words.Add(word.ToString());
        return [.. words];
    }

    private static Task<InProcessResult> RunAsync(params string[] args) => RunInAsync(Path.GetTempPath(), args);

    private static Task<InProcessResult> RunInAsync(string directory, params string[] args) => InProcessGsd.RunAsync(directory, args);
}
