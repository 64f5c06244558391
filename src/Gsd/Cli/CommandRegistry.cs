using System.CommandLine;

namespace Gsd.Cli;

/// <summary>Every top-level command, in the order `gsd --help` lists them.</summary>
internal static class CommandRegistry
{
    public static IEnumerable<Command> All() =>
    [
        InitCommand.Create(),
        MilestoneCommand.Create(),
        QueueCommand.Create(),
        AutoCommand.Create(),
        ParallelCommand.Create(),
        DoctorCommand.Create(),
        DemoCommand.Create(),
        SimAgentCommand.Create(),
    ];
}
