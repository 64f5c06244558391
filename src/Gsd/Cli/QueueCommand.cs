using System.CommandLine;

namespace Gsd.Cli;

internal static class QueueCommand
{
    public static Command Create()
    {
        var command = new Command("queue", "TODO");
        GsdCli.SetHandler(command, (_, _) => Task.FromResult(0));
        return command;
    }
}
