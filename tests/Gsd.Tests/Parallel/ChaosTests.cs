using Gsd.Tests.Support;

namespace Gsd.Tests.Parallel;

/// <summary>
/// The smaller chaos run in the suite (bench/chaos.sh is the full one): five milestones (a chain, a fork, one alone), two
/// workers, auto merge, and up to eight (at least four) kill -9s of workers, agents and the coordinator, restarted as a user would; the script
/// checks that every milestone is on main, squash-merged once, with every sampled branch file, and nothing left behind.
/// </summary>
[Collection(EndToEnd.Name)]
public sealed class ChaosTests
{
    [Fact]
    public void Kill_nine_at_random_during_an_auto_merge_run_loses_nothing_and_leaves_nothing()
    {
        var script = ChaosScript() ?? throw new InvalidOperationException("bench/chaos.py not found above the test assembly");
        using var work = new TempDir("gsd-chaos");
        var env = new Dictionary<string, string?>
        {
            ["GSD"] = GsdBinary.Path,
            ["WORK"] = work.Path,
            ["MILESTONES"] = "5",
            ["WORKERS"] = "2",
            ["KILLS"] = "8",
            // On an idle machine the small graph can finish before all eight: at least four must land.
            ["MIN_KILLS"] = "4",
            ["KILL_MIN"] = "1",
            ["KILL_MAX"] = "2",
            ["UNIT_DELAY"] = "400ms",
            ["SLICES"] = "3",
            ["TASKS"] = "2",
            ["SEED"] = "8",
            ["DEADLINE"] = "300",
            // Crashes are noticed in about a second rather than thirty.
            ["GSD_TIMINGS"] = "heartbeat=250ms,deadAfter=3s,tick=200ms",
        };

        var r = ProcessRunner.Run("python3", [script], work.Path, env, timeout: TimeSpan.FromMinutes(8));

        r.ExitCode.ShouldBe(0, r.ToString());
        r.StdOut.ShouldContain("CHAOS PASSED");
        int.Parse(r.StdOut.Split("kills: ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(4, r.StdOut);
    }

    private static string? ChaosScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "bench", "chaos.py");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
