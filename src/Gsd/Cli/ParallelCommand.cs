using System.CommandLine;

namespace Gsd.Cli;

/// <summary><c>gsd parallel start|status|logs|stop|pause|resume|merge</c> (ARCHITECTURE §6-8): the group; each subcommand is its own class.</summary>
internal static class ParallelCommand
{
    public static Command Create(ConsolePort console) =>
        new("parallel", "Run several milestones at once, each in its own worktree, branch and worker")
        {
            Subcommands =
            {
                new ParallelStartCommand().Create(console),
                new ParallelStatusCommand().Create(console),
                new ParallelLogsCommand().Create(console),
                ParallelSignalCommand.Stop().Create(console),
                ParallelSignalCommand.Pause().Create(console),
                ParallelSignalCommand.Resume().Create(console),
                new ParallelMergeCommand().Create(console),
                new ParallelCoordinatorCommand().Create(console),
            },
        };
}
