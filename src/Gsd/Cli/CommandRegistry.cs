using System.CommandLine;

namespace Gsd.Cli;

/// <summary>Every top-level command, in the order `gsd --help` lists them, each bound to the one console port.</summary>
internal static class CommandRegistry
{
    public static IEnumerable<Command> All(ConsolePort console) =>
    [
        new InitCommand().Create(console),
        new Command("milestone", "Manage milestones")
        {
            Subcommands =
            {
                new MilestoneNewCommand().Create(console),
                new MilestoneParkCommand().Create(console),
                new MilestoneUnparkCommand().Create(console),
                new MilestoneDiscardCommand().Create(console),
            },
        },
        new QueueCommand().Create(console),
        new AutoCommand().Create(console),
        ParallelCommand.Create(console),
        new ReportCommand().Create(console),
        new DashboardCommand().Create(console),
        new DoctorCommand().Create(console),
        new DemoCommand().Create(console),
        new SimAgentCommand().Create(console),
    ];
}
