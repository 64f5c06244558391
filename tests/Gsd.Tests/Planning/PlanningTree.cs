using Gsd.Planning;

namespace Gsd.Tests.Planning;

/// <summary>A throwaway project with a <c>.gsd/</c> folder, written file by file for a test.</summary>
public sealed class PlanningTree : IDisposable
{
    private readonly TempDir _dir;

    /// <param name="inMemory">
    /// Put the tree in /dev/shm where there is one: a 24,000-entry tree takes minutes to create and delete on a
    /// busy disk mounted with discard, and where the files live does not change what the loader reads.
    /// </param>
    public PlanningTree(bool inMemory = false)
    {
        _dir = new TempDir("gsd-plan", inMemory && Directory.Exists("/dev/shm") ? "/dev/shm" : null);
        Directory.CreateDirectory(System.IO.Path.Combine(Root, ".gsd", "milestones"));
    }

    public string Root => _dir.Path;

    /// <summary>Writes <c>.gsd/&lt;relative&gt;</c>.</summary>
    public PlanningTree Gsd(string relative, string contents)
    {
        _dir.Write(System.IO.Path.Combine(".gsd", relative), contents);
        return this;
    }

    /// <summary>Writes <c>.gsd/milestones/&lt;id&gt;/&lt;id&gt;-&lt;kind&gt;.md</c>.</summary>
    public PlanningTree Milestone(string id, string kind, string contents) => Gsd($"milestones/{id}/{id}-{kind}", contents);

    public PlanningTree Context(string id, string title, params string[] dependsOn) =>
        Milestone(id, "CONTEXT.md", dependsOn.Length == 0
            ? $"# {id}: {title}\n\nBody.\n"
            : $"---\ndepends_on: [{string.Join(", ", dependsOn)}]\n---\n\n# {id}: {title}\n\nBody.\n");

    public PlanningTree Roadmap(string id, string title, params string[] sliceLines) =>
        Milestone(id, "ROADMAP.md", $"# {id}: {title}\n\n**Vision:** v\n\n## Slices\n\n{string.Join("\n", sliceLines)}\n");

    public PlanningTree Summary(string id, string body = "---\nid: X\nstatus: complete\n---\n\n# Done\n") => Milestone(id, "SUMMARY.md", body);

    public PlanningTree Slice(string id, string slice, string kind, string contents) =>
        Gsd($"milestones/{id}/slices/{slice}/{slice}-{kind}", contents);

    public PlanningTree Task(string id, string slice, string task, string kind, string contents) =>
        Gsd($"milestones/{id}/slices/{slice}/tasks/{task}-{kind}", contents);

    public PlanningProject Load() => PlanningLoader.Load(Root);

    public void Dispose() => _dir.Dispose();
}
