using System.CommandLine;

namespace Gsd.Cli;

/// <summary>
/// One working example per visible command, shown under "Examples:" in its help. Keyed by the command's path below
/// the root ("" is <c>gsd</c> itself); a test checks every visible command has one and no entry is stale.
/// </summary>
internal static class CommandExamples
{
    private static readonly Dictionary<string, string> ByPath = new(StringComparer.Ordinal)
    {
        [""] = "gsd -C ~/src/app queue",
        ["init"] = "gsd init",
        ["milestone"] = "gsd milestone new \"Add login\" --depends-on M001",
        ["milestone new"] = "gsd milestone new \"Add login\" --depends-on M001,M002",
        ["milestone park"] = "gsd milestone park M003 --reason \"waiting for the API keys\"",
        ["milestone unpark"] = "gsd milestone unpark M003",
        ["milestone discard"] = "gsd milestone discard M004",
        ["queue"] = "gsd queue --json",
        ["auto"] = "gsd auto",
        ["parallel"] = "gsd parallel start --yes",
        ["parallel start"] = "gsd parallel start --foreground",
        ["parallel status"] = "gsd parallel status --watch",
        ["parallel logs"] = "gsd parallel logs M002 -f",
        ["parallel stop"] = "gsd parallel stop M002",
        ["parallel pause"] = "gsd parallel pause M002",
        ["parallel resume"] = "gsd parallel resume",
        ["parallel merge"] = "gsd parallel merge M001 --yes",
        ["report"] = "gsd report M001 --json",
        ["dashboard"] = "gsd dashboard --port 8080 --open",
        ["doctor"] = "gsd doctor --fix",
        ["demo"] = "gsd demo --dashboard --delay 2s",
    };

    public static IReadOnlyCollection<string> Paths => ByPath.Keys;

    public static string? For(Command command) => ByPath.GetValueOrDefault(PathOf(command));

    /// <summary>The command's names below the root, space-separated: "parallel stop".</summary>
    public static string PathOf(Command command)
    {
        var names = new List<string>();
        for (var current = command; current is not null and not RootCommand; current = current.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Add(current.Name);
        }
        names.Reverse();
        return string.Join(' ', names);
    }
}
