using System.CommandLine;
using System.CommandLine.Parsing;
using Gsd.IO;

namespace Gsd.Cli;

/// <summary>
/// What stderr says when the command line does not parse. A mistyped command or option gets "did you mean" the closest
/// visible name where it was met (hidden commands are never offered) and the help to read; anything else is the
/// parser's own messages. Either way the caller exits 2.
/// </summary>
internal static class ParseErrorReport
{
    public static IReadOnlyList<string> Lines(ParseResult parse)
    {
        var at = parse.CommandResult;
        if (UnknownCommand(parse) is { } command)
        {
            var suggestion = NameSuggestion.Closest(command, at.Command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));
            // The group's other errors ("Required command was not provided", the tokens after the typo) follow from it.
            var others = parse.Errors.Where(e => e.SymbolResult != at).Select(e => $"gsd: {e.Message}");
            return suggestion is null
                ? [$"gsd: unknown command '{command}'.", .. others, RunHelp(at.Command)]
                : [$"gsd: unknown command '{command}'. Did you mean '{suggestion}'?", .. others, RunHelp(at.Command, suggestion)];
        }
        if (UnknownOption(parse) is { } option)
        {
            var suggestion = NameSuggestion.Closest(option, OptionNames(at.Command));
            // A group's "Required command was not provided" follows from the typo too.
            var others = parse.Errors
                .Where(e => e.SymbolResult != at || (at.Command.Action is not null && !e.Message.Contains(option, StringComparison.Ordinal)))
                .Select(e => $"gsd: {e.Message}");
            return suggestion is null
                ? [$"gsd: unknown option '{option}'.", .. others, RunHelp(at.Command)]
                : [$"gsd: unknown option '{option}'. Did you mean '{suggestion}'?", .. others, RunHelp(at.Command)];
        }
        return [.. parse.Errors.Select(e => $"gsd: {e.Message}"), RunHelp(at.Command)];
    }

    /// <summary>True when the line has something to report: a parse error, or an option the parser took for a value (unless help was asked for).</summary>
    public static bool Fails(ParseResult parse) =>
        parse.Errors.Count > 0 || (parse.Action is not { ClearsParseErrors: true } && UnknownOption(parse) is not null);

    /// <summary>The first token left over where a group expected one of its subcommands.</summary>
    private static string? UnknownCommand(ParseResult parse) =>
        parse.CommandResult.Command.Subcommands.Any(c => !c.Hidden) && parse.UnmatchedTokens is [var token, ..] && !LooksLikeOption(token)
            ? token
            : null;

    /// <summary>
    /// The first option-shaped token the command did not know: left over, or taken as the value of an argument (an
    /// optional MID swallows <c>--jsn</c>). After <c>--</c> a dash is a value, as the user asked.
    /// </summary>
    private static string? UnknownOption(ParseResult parse)
    {
        if (parse.UnmatchedTokens.FirstOrDefault(LooksLikeOption) is { } unmatched)
        {
            return unmatched;
        }
        if (parse.Tokens.Any(t => t.Type == TokenType.DoubleDash))
        {
            return null;
        }
        return parse.CommandResult.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens).Select(t => t.Value).FirstOrDefault(LooksLikeOption);
    }

    // "--jsn", "-x"; never a lone "-" (stdin by convention) or text with spaces (a title that starts with a dash).
    private static bool LooksLikeOption(string token) =>
        token.Length > 1 && token[0] == '-' && token.Skip(1).All(c => c == '-' || char.IsAsciiLetterOrDigit(c)) && token.Any(char.IsAsciiLetter);

    /// <summary>The long names a user could have meant here: the command's visible options and those inherited from its parents.</summary>
    private static IEnumerable<string> OptionNames(Command command)
    {
        var options = command.Options.Where(o => !o.Hidden).ToList();
        for (var parent = Parent(command); parent is not null; parent = Parent(parent))
        {
            options.AddRange(parent.Options.Where(o => o.Recursive && !o.Hidden));
        }
        return options.SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal)).Distinct();
    }

    private static Command? Parent(Command command) => command.Parents.OfType<Command>().FirstOrDefault();

    private static string RunHelp(Command command, string? subcommand = null)
    {
        var path = CommandExamples.PathOf(command);
        var words = string.Join(' ', new[] { "gsd", path, subcommand }.Where(w => !string.IsNullOrEmpty(w)));
        return $"Run `{words} --help` for usage.";
    }
}
