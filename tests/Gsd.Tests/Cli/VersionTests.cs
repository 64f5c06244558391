using Gsd.Tests.Support;

namespace Gsd.Tests.Cli;

public sealed class VersionTests
{
    [Fact]
    public void Version_prints_without_loading_the_command_line_libraries()
    {
        // File.Copy keeps the execute bit. Only the app host, gsd.dll and its runtime config: no System.CommandLine, no Spectre.Console, no deps.json.
        using var dir = new TempDir("gsd-version");
        foreach (var file in new[] { "gsd", "gsd.dll", "gsd.runtimeconfig.json" })
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, file), dir.File(file));
        }

        var lone = ProcessRunner.Run(dir.File("gsd"), ["--version"], dir.Path, GsdBinary.BaseEnv(dir.Path));
        var full = GsdBinary.Run(dir.Path, "--version");

        lone.ExitCode.ShouldBe(0, lone.ToString());
        lone.StdOut.Trim().ShouldBe(full.StdOut.Trim());
        lone.StdOut.ShouldStartWith("0.");
        // The same copy cannot run a command: the libraries really are absent, so --version did not need them.
        ProcessRunner.Run(dir.File("gsd"), ["queue"], dir.Path, GsdBinary.BaseEnv(dir.Path)).ExitCode.ShouldNotBe(0);
    }
}
