using System.CommandLine;
using Gsd.Layout;

namespace Gsd.Cli;

/// <summary>
/// The optional <c>MID</c> argument of the parallel commands. A value that is not a milestone id never reaches a
/// service: reading it is a usage error (exit 2) naming it.
/// </summary>
internal sealed class MilestoneArgument(string description)
{
    public Argument<string?> Argument { get; } = new("MID") { Description = description, Arity = ArgumentArity.ZeroOrOne };

    /// <summary>The milestone named on the command line, or null for "every one".</summary>
    public string? Read(ParseResult parse) => parse.GetValue(Argument) is { } id ? MilestoneId.Require(id) : null;
}
