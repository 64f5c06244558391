using System.CommandLine;

namespace Gsd.Cli;

internal static class MilestoneCommand
{
    public static Command Create()
    {
        var command = new Command("milestone", "TODO");
        GsdCli.SetHandler(command, (_, _) => Task.FromResult(0));
        return command;
    }
}
