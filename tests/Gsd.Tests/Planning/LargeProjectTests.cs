using System.Text;
using Gsd.Planning;

namespace Gsd.Tests.Planning;

/// <summary>
/// 1,000 milestones of 10 slices x 5 tasks (the size bench/queue-scale.sh times): loads correctly.
/// Correctness only — speed is measured by the bench script, never asserted here.
/// </summary>
public sealed class LargeProjectTests : IDisposable
{
    private const int Count = 1000;
    private const int Slices = 10;
    private const int Tasks = 5;
    private readonly PlanningTree tree = new(inMemory: true);

    public void Dispose() => tree.Dispose();

    private static string Id(int i) => $"M{i:000}";

    /// <summary>M000-M099 complete; every tenth from M100 starts a chain the next nine wait on; M150, M250 … parked.</summary>
    private void Generate()
    {
        var root = Path.Combine(tree.Root, ".gsd", "milestones");
        for (var i = 0; i < Count; i++)
        {
            var id = Id(i);
            var dir = Path.Combine(root, id);
            Directory.CreateDirectory(dir);
            var complete = i < 100;
            var context = i % 10 == 0 ? $"# {id}: Milestone {i}\n" : $"---\ndepends_on: [{Id(i - 1)}]\n---\n\n# {id}: Milestone {i}\n";
            File.WriteAllText(Path.Combine(dir, $"{id}-CONTEXT.md"), context);
            var roadmap = new StringBuilder($"# {id}: Milestone {i}\n\n## Slices\n\n");
            for (var s = 1; s <= Slices; s++)
            {
                var done = complete || s == 1 ? "x" : " ";
                roadmap.Append($"- [{done}] **S{s:00}: Slice {s}** `risk:low` `depends:[{(s > 1 ? $"S{s - 1:00}" : "")}]`\n  > After this: it works\n\n");
                var sliceDir = Path.Combine(dir, "slices", $"S{s:00}");
                Directory.CreateDirectory(sliceDir);
                var plan = new StringBuilder($"# S{s:00}: Slice {s}\n\n## Tasks\n\n");
                for (var t = 1; t <= Tasks; t++)
                {
                    plan.Append($"- [{done}] **T{t:00}: Task {t}** `est:30m`\n  - Files: `src/m{i}/s{s}/t{t}.cs`, `src/shared.cs`\n  - Verify: true\n");
                }
                plan.Append($"\n## Files Likely Touched\n\n- `src/m{i}/s{s}/notes.md`\n");
                File.WriteAllText(Path.Combine(sliceDir, $"S{s:00}-PLAN.md"), plan.ToString());
            }
            File.WriteAllText(Path.Combine(dir, $"{id}-ROADMAP.md"), roadmap.ToString());
            if (complete)
            {
                File.WriteAllText(Path.Combine(dir, $"{id}-SUMMARY.md"), $"---\nid: {id}\nstatus: complete\n---\n\n# {id}: Milestone {i}\n");
            }
            else
            {
                var tasksDir = Path.Combine(dir, "slices", "S02", "tasks");
                Directory.CreateDirectory(tasksDir);
                File.WriteAllText(Path.Combine(tasksDir, "T01-SUMMARY.md"), "# T01\n");
            }
            if (i >= 100 && i % 100 == 50)
            {
                File.WriteAllText(Path.Combine(dir, $"{id}-PARKED.md"), "parked\n");
            }
        }
    }

    [Fact]
    public void A_thousand_milestone_project_loads_completely_and_correctly()
    {
        Generate();
        var project = tree.Load();

        project.Problems.ShouldBeEmpty();
        project.Milestones.Count.ShouldBe(Count);
        project.Milestones.Select(m => m.Id).ShouldBe(Enumerable.Range(0, Count).Select(Id));
        project.Graph.Cycles.ShouldBeEmpty();
        project.Milestones.Sum(m => m.TasksTotal).ShouldBe(Count * Slices * Tasks);
        foreach (var m in project.Milestones)
        {
            var i = int.Parse(m.Id[1..], System.Globalization.CultureInfo.InvariantCulture);
            m.Title.ShouldBe($"Milestone {i}");
            m.SlicesTotal.ShouldBe(Slices);
            m.FilesTouched.Count.ShouldBe((Slices * Tasks) + 1 + Slices);
            var expected = i < 100 ? MilestoneStatus.Complete
                : i % 100 == 50 ? MilestoneStatus.Parked
                : i % 10 == 0 ? MilestoneStatus.Ready
                : MilestoneStatus.Blocked;
            m.Status.ShouldBe(expected, m.Id);
            if (expected == MilestoneStatus.Blocked)
            {
                m.WaitingFor.ShouldBe([Id(i - 1)]);
            }
            if (i < 100)
            {
                (m.SlicesDone, m.TasksDone).ShouldBe((Slices, Slices * Tasks));
            }
            else
            {
                // S01 ticked (5 tasks) plus S02/T01 done by its summary file.
                (m.SlicesDone, m.TasksDone).ShouldBe((1, Tasks + 1));
            }
        }
        project.Graph.Dependents(Id(150)).ShouldBe([Id(151)]);
        project.Graph.TransitiveDependenciesOf(Id(159)).Count.ShouldBe(9);
    }
}
