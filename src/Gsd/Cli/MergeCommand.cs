using System.CommandLine;

namespace Gsd.Cli;

internal static class MergeCommand
{
    public static Command Create()
    {
        var command = new Command("merge", "Merge completed milestones into their integration branch");
        GsdCli.SetHandler(command, (_, _) => Task.FromResult(ExitCodes.Failure));
        return command;
    }
}
