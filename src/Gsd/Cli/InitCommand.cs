using System.CommandLine;

namespace Gsd.Cli;

internal static class InitCommand
{
    public static Command Create()
    {
        var command = new Command("init", "TODO");
        GsdCli.SetHandler(command, (_, _) => Task.FromResult(0));
        return command;
    }
}
