using System.Text.RegularExpressions;

namespace Gsd.Tests.Architecture;

/// <summary>
/// Only the edges touch the console: Cli (through its ConsolePort), Rendering and Program.cs. Everything below gets a
/// writer or a callback from its caller, so a command can run in process with its output captured.
/// </summary>
public sealed partial class ConsoleUseTests
{
    private static readonly string[] AllowedFolders = ["Cli", "Rendering"];

    [Fact]
    public void No_source_file_below_Cli_and_Rendering_uses_the_console()
    {
        var src = Path.Combine(LayerTests.RepositoryRoot(), "src", "Gsd");
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(src, file).Replace('\\', '/');
            var top = relative.Split('/')[0];
            if (relative == "Program.cs" || AllowedFolders.Contains(top) || top is "obj" or "bin")
            {
                continue;
            }
            var lines = File.ReadAllLines(file);
            offenders.AddRange(lines
                .Select((line, i) => (line, i))
                .Where(l => ConsoleUse().IsMatch(l.line))
                .Select(l => $"{relative}:{l.i + 1}: {l.line.Trim()}"));
        }
        offenders.ShouldBeEmpty("take a TextWriter (or a callback) from the caller instead");
    }

    [Theory]
    [InlineData("Console.Error.WriteLine(x);", true)]
    [InlineData("System.Console.Out.Flush();", true)]
    [InlineData("_ = Console.In.ReadToEnd();", true)]
    [InlineData("using Spectre.Console.Rendering;", false)]
    [InlineData("IAnsiConsole console", false)]
    public void The_scan_sees_console_use_and_not_spectre(string line, bool matches) =>
        ConsoleUse().IsMatch(line).ShouldBe(matches);

    // Console. as the System type, not Spectre.Console's namespace.
    [GeneratedRegex(@"(?<!Spectre\.)\bConsole\.")]
    private static partial Regex ConsoleUse();
}
