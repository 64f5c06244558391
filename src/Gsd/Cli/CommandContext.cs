using Spectre.Console;
using Gsd.IO;
using Gsd.Rendering;

namespace Gsd.Cli;

/// <summary>What a command runs with: the effective directory (after -C) and the console port.</summary>
internal sealed record CommandContext(string WorkingDirectory, ConsolePort Console)
{
    /// <summary>Rich output onto stdout.</summary>
    public IAnsiConsole Out => Console.Ansi;

    /// <summary>The project root (directory holding .gsd/) at or above the working directory; exit 2 outside a project.</summary>
    public string ProjectRoot => Layout.ProjectRoot.Find(WorkingDirectory);

    /// <summary>Resolves <c>-C &lt;dir&gt;</c> against the current directory; a directory that does not exist is a usage error.</summary>
    public static CommandContext From(string? directoryOption, ConsolePort console)
    {
        var cwd = Directory.GetCurrentDirectory();
        var effective = directoryOption is null ? cwd : Path.GetFullPath(directoryOption, cwd);
        if (!Directory.Exists(effective))
        {
            throw new GsdException($"-C {directoryOption}: no such directory ({effective}).", ExitCodes.Usage);
        }
        return new CommandContext(effective, console);
    }

    /// <summary>One JSON document on stdout, from the rendering reports' source-generated context.</summary>
    public void WriteJson<T>(T value)
    {
        var info = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)RenderingJsonContext.Default.GetTypeInfo(typeof(T))!;
        Console.Out.WriteLine(JsonOutput.Serialize(value, info));
    }
}
