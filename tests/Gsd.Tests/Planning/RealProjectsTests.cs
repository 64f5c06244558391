using System.Text.Json;
using Gsd.Planning;
using Gsd.Tests.Support;

namespace Gsd.Tests.Planning;

/// <summary>
/// Reads every real GSD-2 tree in ../shared/fixtures/gsd-real and checks each milestone against EXPECTED.json
/// (facts derived by hand, see the fixtures' README): title, title source, status, depends_on, roadmap form and
/// slice counts (alt_slices for table/heading roadmaps), queue order, and that nothing but ghosts is a problem.
/// </summary>
public sealed class RealProjectsTests
{
    private const string Absent = "(shared fixtures absent)";

    public static TheoryData<string> Repositories()
    {
        var data = new TheoryData<string>();
        if (SharedFixtures.GsdRealDirectory is not { } dir)
        {
            data.Add(Absent);
            return data;
        }
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "EXPECTED.json")));
        foreach (var repo in expected.RootElement.EnumerateObject())
        {
            data.Add(repo.Name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Repositories))]
    public void Milestones_match_the_hand_derived_facts(string repository)
    {
        if (repository == Absent || SharedFixtures.GsdRealDirectory is not { } dir)
        {
            Assert.Skip("../shared/fixtures/gsd-real not found (set GSD_SHARED_DIR): the real-project test did not run.");
            return;
        }
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "EXPECTED.json")));
        var expected = json.RootElement.GetProperty(repository);
        var project = PlanningLoader.Load(Path.Combine(dir, repository));
        var mismatches = new List<string>();

        var expectedIds = expected.GetProperty("milestones").EnumerateObject().Select(p => p.Name).ToList();
        var actualIds = project.Milestones.Select(m => m.Id).ToList();
        if (!expectedIds.Order(StringComparer.Ordinal).SequenceEqual(actualIds.Order(StringComparer.Ordinal)))
        {
            mismatches.Add($"milestone ids: expected [{string.Join(", ", expectedIds)}], got [{string.Join(", ", actualIds)}]");
        }

        foreach (var entry in expected.GetProperty("milestones").EnumerateObject())
        {
            var facts = entry.Value;
            if (project.Find(entry.Name) is not { } milestone)
            {
                continue;
            }
            void Check<T>(string what, T want, T got)
            {
                if (!EqualityComparer<T>.Default.Equals(want, got))
                {
                    mismatches.Add($"{entry.Name} {what}: expected '{want}', got '{got}'");
                }
            }

            Check("title", facts.GetProperty("title").GetString(), milestone.Title);
            Check("title_from", facts.GetProperty("title_from").GetString(), TitleFrom(milestone.TitleSource));
            Check("status", ExpectedStatus(facts), StatusFamily(milestone.Status));
            Check(
                "depends_on",
                string.Join(",", facts.GetProperty("depends_on").EnumerateArray().Select(e => e.GetString())),
                string.Join(",", milestone.DependsOn));
            var format = facts.GetProperty("roadmap_format").GetString();
            Check("roadmap_format", format, milestone.RoadmapFormat.ToString().ToLowerInvariant());
            if (format is "table" or "headings")
            {
                var alt = facts.GetProperty("alt_slices");
                Check("alt_slices.total", alt.GetProperty("total").GetInt32(), milestone.SlicesTotal);
                var done = alt.GetProperty("done");
                if (done.ValueKind == JsonValueKind.Null)
                {
                    Check("alt_slices.done (no marker: every Slice.Done null)", true, milestone.Slices.All(s => s.Done is null));
                }
                else
                {
                    Check("alt_slices.done", done.GetInt32(), milestone.SlicesDone);
                }
            }
            else
            {
                Check("slices_total", facts.GetProperty("slices_total").GetInt32(), milestone.SlicesTotal);
                Check("slices_done", facts.GetProperty("slices_done").GetInt32(), milestone.SlicesDone);
            }
        }

        if (expected.TryGetProperty("queue_order", out var queue))
        {
            var want = queue.EnumerateArray().Select(e => e.GetString()!).ToList();
            var got = project.Milestones.Take(want.Count).Select(m => m.Id).ToList();
            if (!want.SequenceEqual(got))
            {
                mismatches.Add($"queue order: expected [{string.Join(", ", want)}] first, got [{string.Join(", ", got)}]");
            }
        }
        else
        {
            var got = project.Milestones.Select(m => m.Id).ToList();
            if (!got.SequenceEqual(got.Order(StringComparer.Ordinal)))
            {
                mismatches.Add($"without QUEUE-ORDER.json milestones are in id order; got [{string.Join(", ", got)}]");
            }
        }

        // Real, working projects: the only thing worth telling their owners is a ghost directory.
        foreach (var problem in project.Problems.Where(p => p.Code != ProblemCodes.Ghost))
        {
            mismatches.Add($"unexpected problem: {problem}");
        }

        mismatches.ShouldBeEmpty();
    }

    private static string ExpectedStatus(JsonElement facts) =>
        facts.TryGetProperty("ghost", out var ghost) && ghost.GetBoolean() ? "ghost" : facts.GetProperty("status").GetString()!;

    private static string StatusFamily(MilestoneStatus status) => status switch
    {
        MilestoneStatus.Complete => "complete",
        MilestoneStatus.Parked => "parked",
        MilestoneStatus.Ghost => "ghost",
        _ => "active-or-pending",
    };

    private static string TitleFrom(TitleSource source) => source switch
    {
        TitleSource.Roadmap => "ROADMAP",
        TitleSource.Context => "CONTEXT",
        TitleSource.ContextDraft => "CONTEXT-DRAFT",
        TitleSource.Summary => "SUMMARY",
        _ => "none",
    };
}
