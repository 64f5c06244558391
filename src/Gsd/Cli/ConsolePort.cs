using Spectre.Console;

namespace Gsd.Cli;

/// <summary>
/// The one way a command reaches the console: stdin, stdout, stderr, a Spectre console for rich output onto stdout, and
/// whether stdout and stdin are terminals. The process gets the real console; a test gets captured writers.
/// </summary>
internal sealed class ConsolePort
{
    private ConsolePort(TextReader input, TextWriter output, TextWriter error, bool outputIsTerminal, bool inputIsTerminal)
    {
        In = input;
        Out = output;
        Error = error;
        OutIsTerminal = outputIsTerminal;
        InIsTerminal = inputIsTerminal;
        Ansi = CreateAnsi(output, outputIsTerminal);
    }

    public TextReader In { get; }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    /// <summary>Rich output (tables, live dashboards, prompts) onto <see cref="Out"/>; plain text when it is not a terminal.</summary>
    public IAnsiConsole Ansi { get; }

    public bool OutIsTerminal { get; }

    /// <summary>Whether a question can be asked: only a terminal on stdin can answer it.</summary>
    public bool InIsTerminal { get; }

    /// <summary>The process's own console.</summary>
    public static ConsolePort ForProcess() =>
        new(Console.In, Console.Out, Console.Error, !Console.IsOutputRedirected, !Console.IsInputRedirected);

    /// <summary>Writers the caller reads back (in-process runs): neither end is a terminal, so nothing is asked. Writes may come from several threads, as on the real console.</summary>
    public static ConsolePort Captured(TextWriter output, TextWriter error, TextReader? input = null) =>
        new(input ?? TextReader.Null, TextWriter.Synchronized(output), TextWriter.Synchronized(error), outputIsTerminal: false, inputIsTerminal: false);

    /// <summary>Piped or logged output: whole lines (for grep and logs) beat text wrapped at the 80-column default.</summary>
    public void WidenWhenRedirected()
    {
        if (!OutIsTerminal)
        {
            Ansi.Profile.Width = Math.Max(Ansi.Profile.Width, 1000);
        }
    }

    private static IAnsiConsole CreateAnsi(TextWriter output, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        if (!terminal)
        {
            // Piped output is read by scripts and grep: one line per row, never wrapped at an assumed 80 columns.
            console.Profile.Width = 400;
        }
        return console;
    }
}
