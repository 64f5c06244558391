using System.CommandLine;

namespace Gsd.Cli;

internal static class JsonOption
{
    public static Option<bool> Create() => new("--json") { Description = "Print machine-readable JSON (camelCase fields, see README)" };
}
