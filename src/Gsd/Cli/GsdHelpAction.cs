using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Gsd.Cli;

/// <summary>
/// <c>--help</c>: System.CommandLine's own help text with two additions its (internal) help builder has no hook for:
/// an optional argument keeps its brackets in the parent's command list (<c>stop [&lt;MID&gt;]</c>, as in the usage
/// line), and every command's help ends with an "Examples:" section (<see cref="CommandExamples"/>).
/// </summary>
internal sealed class GsdHelpAction(HelpAction builtIn) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => builtIn.ClearsParseErrors;

    /// <summary>Gives every command's <c>--help</c> this action.</summary>
    public static void Install(RootCommand root)
    {
        foreach (var help in root.Options.OfType<HelpOption>())
        {
            if (help.Action is HelpAction builtIn)
            {
                help.Action = new GsdHelpAction(builtIn);
            }
        }
    }

    public override int Invoke(ParseResult parseResult)
    {
        var config = parseResult.InvocationConfiguration;
        var output = config.Output;
        int code;
        using var text = new StringWriter();
        config.Output = text;
        try
        {
            code = builtIn.Invoke(parseResult);
        }
        finally
        {
            config.Output = output;
        }
        var command = parseResult.CommandResult.Command;
        output.WriteLine(BracketOptionalArguments(text.ToString(), command).TrimEnd());
        output.WriteLine();
        if (CommandExamples.For(command) is { } example)
        {
            output.WriteLine("Examples:");
            output.WriteLine($"  {example}");
            output.WriteLine();
        }
        return code;
    }

    /// <summary>
    /// Rewrites the "Commands:" rows of subcommands with an optional argument (<c>stop &lt;MID&gt;</c> becomes
    /// <c>stop [&lt;MID&gt;]</c>), realigning the description column. Text it does not recognise is left as it was.
    /// </summary>
    internal static string BracketOptionalArguments(string help, Command command)
    {
        var relabel = command.Subcommands
            .Where(c => !c.Hidden && c.Arguments.Any(IsOptional))
            .ToDictionary(c => Label(c, bracketOptional: false), c => Label(c, bracketOptional: true), StringComparer.Ordinal);
        var lines = help.Split('\n');
        var heading = Array.IndexOf(lines, "Commands:");
        if (relabel.Count == 0 || heading < 0 || heading + 1 >= lines.Length)
        {
            return help;
        }
        var end = Array.FindIndex(lines, heading + 1, line => line.Length == 0);
        end = end < 0 ? lines.Length : end;
        var column = DescriptionColumn(lines[heading + 1]);
        if (column < 0)
        {
            return help;
        }
        var rows = new List<(string Label, string Description)?>();
        for (var i = heading + 1; i < end; i++)
        {
            var isRowStart = lines[i].Length > 2 && lines[i][2] != ' ';
            if (isRowStart && lines[i][..Math.Min(column, lines[i].Length)].TrimEnd() is var label && label.Length > 2)
            {
                var name = label[2..];
                rows.Add((relabel.GetValueOrDefault(name, name), lines[i].Length > column ? lines[i][column..] : ""));
            }
            else
            {
                rows.Add(null); // a wrapped description's next line
            }
        }
        var newColumn = Math.Max(column, 2 + rows.Max(r => r?.Label.Length ?? 0) + 2);
        for (var i = heading + 1; i < end; i++)
        {
            lines[i] = rows[i - heading - 1] is { } row
                ? ("  " + row.Label.PadRight(newColumn - 2) + row.Description).TrimEnd()
                : new string(' ', newColumn - column) + lines[i];
        }
        return string.Join('\n', lines);
    }

    private static bool IsOptional(Argument argument) => !argument.Hidden && argument.Arity.MinimumNumberOfValues == 0;

    private static string Label(Command command, bool bracketOptional) =>
        string.Concat(command.Arguments.Where(a => !a.Hidden).Select(a =>
            bracketOptional && IsOptional(a) ? $" [<{a.HelpName ?? a.Name}>]" : $" <{a.HelpName ?? a.Name}>"))
            .Insert(0, command.Name);

    /// <summary>Where descriptions start: after the first row's label and the gap (two or more spaces) that follows it.</summary>
    private static int DescriptionColumn(string firstRow)
    {
        var gap = firstRow.IndexOf("  ", 2, StringComparison.Ordinal);
        if (gap < 0)
        {
            return -1;
        }
        var column = gap;
        while (column < firstRow.Length && firstRow[column] == ' ')
        {
            column++;
        }
        return column < firstRow.Length ? column : -1;
    }
}
