using System.Text.RegularExpressions;
using Gsd.Cli;

namespace Gsd.Tests.Architecture;

/// <summary>The layers of docs/ARCHITECTURE.md, bottom up: a folder may use its own layer (without cycles) and those below.</summary>
public sealed partial class LayerTests
{
    public static readonly IReadOnlyDictionary<string, int> Layers = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        [""] = 0, // the root namespace: GsdException, ExitCodes
        ["IO"] = 0,
        ["Layout"] = 1,
        ["Processes"] = 1,
        ["Planning"] = 2,
        ["Preferences"] = 2,
        ["Git"] = 2,
        ["Protocol"] = 2,
        ["Agents"] = 3,
        ["Merge"] = 3,
        ["Auto"] = 3,
        ["Reports"] = 3,
        ["Parallel"] = 4,
        ["Doctor"] = 4,
        ["Demo"] = 4,
        ["Rendering"] = 5,
        ["Dashboard"] = 5,
        ["Cli"] = 6,
    };

    private static readonly Dictionary<string, Dictionary<string, string>> Graph = FolderGraph.Build(typeof(GsdCli).Assembly);

    [Fact]
    public void Every_folder_has_a_layer()
    {
        var folders = typeof(GsdCli).Assembly.GetTypes().Select(FolderGraph.FolderOf).OfType<string>().Distinct();
        folders.Where(f => !Layers.ContainsKey(f)).ShouldBeEmpty("add new folders to the layer table here and in docs/ARCHITECTURE.md");
    }

    [Fact]
    public void No_folder_uses_a_folder_of_a_higher_layer()
    {
        var upward = Graph
            .SelectMany(e => e.Value.Where(to => Layers[to.Key] > Layers[e.Key]).Select(to => $"{e.Key} → {to.Key}: {to.Value}"))
            .ToList();
        upward.ShouldBeEmpty();
    }

    [Fact]
    public void The_folder_graph_has_no_cycle()
    {
        var cycle = FindCycle(Graph.ToDictionary(e => e.Key, e => e.Value.Keys.ToList()));
        cycle.ShouldBeNull($"cycle: {string.Join(" → ", cycle ?? [])}");
    }

    [Fact]
    public void The_cycle_finder_finds_a_cycle()
    {
        var cycle = FindCycle(new() { ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A"], ["D"] = ["A"] });
        cycle.ShouldNotBeNull().ShouldBe(["A", "B", "C", "A"], ignoreOrder: false);
        FindCycle(new() { ["A"] = ["B"], ["B"] = ["C"], ["D"] = ["A", "C"] }).ShouldBeNull();
    }

    [Fact]
    public void The_graph_reader_sees_a_use_in_a_method_body()
    {
        // Cli's command classes construct Parallel's services only inside method bodies.
        Graph["Cli"].Keys.ShouldContain("Parallel");
        Graph["Layout"].Keys.Order(StringComparer.Ordinal).ToList().ShouldBe(["", "IO"], "Layout uses nothing of gsd's own but GsdException and IO/AtomicFile's temp-file naming");
    }

    [Fact]
    public void Every_source_file_declares_the_namespace_of_its_folder()
    {
        var src = Path.Combine(RepositoryRoot(), "src", "Gsd");
        var wrong = new List<string>();
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(src, file);
            if (relative.StartsWith("obj", StringComparison.Ordinal) || relative.StartsWith("bin", StringComparison.Ordinal))
            {
                continue;
            }
            var folder = Path.GetDirectoryName(relative)!.Replace('/', '.');
            var expected = folder.Length == 0 ? "Gsd" : $"Gsd.{folder}";
            var declared = NamespaceLine().Match(File.ReadAllText(file));
            if (!declared.Success || declared.Groups[1].Value != expected)
            {
                wrong.Add($"{relative}: namespace {(declared.Success ? declared.Groups[1].Value : "(none)")}, expected {expected}");
            }
        }
        wrong.ShouldBeEmpty();
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Gsd.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Gsd.slnx not found above the test binaries");
    }

    private static List<string>? FindCycle(Dictionary<string, List<string>> graph)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new List<string>();
        List<string>? Visit(string node)
        {
            state[node] = 1;
            stack.Add(node);
            foreach (var next in graph.GetValueOrDefault(node) ?? [])
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    return [.. stack[stack.IndexOf(next)..], next];
                }
                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } found)
                {
                    return found;
                }
            }
            stack.RemoveAt(stack.Count - 1);
            state[node] = 2;
            return null;
        }
        foreach (var node in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (state.GetValueOrDefault(node) == 0 && Visit(node) is { } cycle)
            {
                return cycle;
            }
        }
        return null;
    }

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();
}
