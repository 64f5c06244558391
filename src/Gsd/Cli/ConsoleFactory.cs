using Spectre.Console;

namespace Gsd.Cli;

/// <summary>A Spectre console that writes plain text (no colour, no live widgets) when stdout is not a terminal.</summary>
internal static class ConsoleFactory
{
    public static IAnsiConsole Create()
    {
        var redirected = Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        if (redirected)
        {
            // Piped output is read by scripts and grep: one line per row, never wrapped at an assumed 80 columns.
            console.Profile.Width = 400;
        }
        return console;
    }
}
