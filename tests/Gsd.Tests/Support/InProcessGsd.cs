using Gsd.Cli;

namespace Gsd.Tests.Support;

/// <summary>Runs gsd's own command line in this process (<c>-C directory</c> first), with stdout and stderr captured.</summary>
internal static class InProcessGsd
{
    public static async Task<InProcessResult> RunAsync(string directory, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await GsdCli.RunAsync(["-C", directory, .. args], ConsolePort.Captured(stdout, stderr), TestContext.Current.CancellationToken);
        return new InProcessResult(code, stdout.ToString(), stderr.ToString());
    }
}

internal sealed record InProcessResult(int ExitCode, string StdOut, string StdErr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{StdOut}\nstderr:\n{StdErr}";
}
