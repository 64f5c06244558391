using Spectre.Console;

namespace Gsd.Cli;

/// <summary>A Spectre console that writes plain text (no colour, no live widgets) when stdout is not a terminal.</summary>
internal static class ConsoleFactory
{
    public static IAnsiConsole Create()
    {
        var redirected = Console.IsOutputRedirected;
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
            Out = new AnsiConsoleOutput(Console.Out),
        });
    }
}
