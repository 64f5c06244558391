using System.Globalization;

namespace Gsd.Demo;

/// <summary>
/// The files of the demo project: a tiny shell app and five milestones — one done, two independent ones that both edit
/// app/FEATURES.md (each below its own <c>gsd-sim:&lt;MID&gt;</c> marker, so the simulated edits merge cleanly), and a
/// dependency chain behind them.
/// </summary>
public static class DemoFiles
{
    /// <summary>Path (relative, '/'-separated) and content of every file, planning files included.</summary>
    public static IReadOnlyList<(string Path, string Content)> All(TimeSpan agentDelay)
    {
        var delay = ((int)agentDelay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
        return
        [
            ("README.md", Readme),
            ("app/hello.sh", HelloScript),
            ("app/FEATURES.md", Features),
            (".gsd/PREFERENCES.md", Preferences.Replace("{DELAY}", delay, StringComparison.Ordinal)),
            .. Milestone001(),
            .. PlannedMilestone("M002", "Greeting command", "greet", "Greet by name", "Greet in the morning"),
            .. PlannedMilestone("M003", "Farewell command", "farewell", "Say goodbye", "Wave on the way out"),
            (".gsd/milestones/M004/M004-CONTEXT.md", Context("M004", "Polite mode", ["M002"], "Make every greeting polite. Needs the greeting command (M002) on main first.")),
            (".gsd/milestones/M005/M005-CONTEXT.md", Context("M005", "Release 1.0", ["M004"], "Tag and announce 1.0 once polite mode (M004) has landed.")),
        ];
    }

    private const string Readme = """
        # hello — the gsd demo app

        A tiny shell app used by `gsd demo`. Its milestones live in `.gsd/milestones/`;
        the agent that works them is gsd's built-in simulated agent (`agent.kind: sim`).

        """;

    private const string HelloScript = """
        #!/bin/sh
        # hello: the demo app. Usage: app/hello.sh [name]
        echo "hello, ${1:-world}"

        """;

    // Each milestone's simulated edits go below its own marker line; the text between the sections keeps the edits of
    // two branches apart, so git merges them without a conflict.
    private const string Features = """
        # Features

        ## Greeting
        <!-- gsd-sim:M002 -->

        ## Farewell
        <!-- gsd-sim:M003 -->

        ## Later
        <!-- gsd-sim:M004 -->

        """;

    private const string Preferences = """
        ---
        parallel:
          enabled: true
          max_workers: 2
          budget_ceiling: 5.00
          max_restarts: 1
          auto_merge: auto
        agent:
          kind: sim
          args: ["--delay", "{DELAY}", "--slices", "1", "--tasks", "2", "--cost", "0.05"]
        ---

        # Demo preferences

        Parallel mode is on, with gsd's simulated agent: no model is called and nothing leaves this machine.
        Each simulated unit takes {DELAY} and "costs" $0.05, so the $5.00 budget ceiling is never near.
        With `auto_merge: auto` the coordinator squash-merges each milestone into main as it completes, which starts the
        milestones that were waiting for it.

        """;

    private static IEnumerable<(string, string)> Milestone001()
    {
        const string dir = ".gsd/milestones/M001";
        yield return ($"{dir}/M001-CONTEXT.md", Context("M001", "Project skeleton", [], "The app's skeleton: app/hello.sh prints a greeting."));
        yield return ($"{dir}/M001-ROADMAP.md", """
            # M001: Project skeleton

            ## Slices

            - [x] **S01: Hello script** `risk:low` `depends:[]`

            """);
        yield return ($"{dir}/slices/S01/S01-PLAN.md", """
            # S01: Hello script

            ## Tasks

            - [x] **T01: Write app/hello.sh** `est:10m`
              - Files: `app/hello.sh`

            """);
        yield return ($"{dir}/slices/S01/S01-SUMMARY.md", "# S01: Hello script\n\napp/hello.sh prints a greeting.\n");
        yield return ($"{dir}/M001-SUMMARY.md", "# M001: Project skeleton\n\nDone: app/hello.sh prints \"hello, world\".\n");
    }

    /// <summary>A milestone with its roadmap and one planned slice of two tasks, each editing its own file and app/FEATURES.md.</summary>
    private static IEnumerable<(string, string)> PlannedMilestone(string id, string title, string file, string task1, string task2)
    {
        var dir = $".gsd/milestones/{id}";
        yield return ($"{dir}/{id}-CONTEXT.md", Context(id, title, [], $"Add the {file} command to the app."));
        yield return ($"{dir}/{id}-ROADMAP.md", $"""
            # {id}: {title}

            ## Slices

            - [ ] **S01: {title}** `risk:low` `depends:[]`

            """);
        yield return ($"{dir}/slices/S01/S01-PLAN.md", $"""
            # S01: {title}

            ## Tasks

            - [ ] **T01: {task1}** `est:15m`
              - Files: `app/{file}.txt`, `app/FEATURES.md`
              - Verify: grep -q '{id}/S01/T01' app/FEATURES.md
            - [ ] **T02: {task2}** `est:15m`
              - Files: `app/{file}.txt`, `app/FEATURES.md`
              - Verify: grep -q '{id}/S01/T02' app/{file}.txt

            ## Files Likely Touched

            - `app/{file}.txt`
            - `app/FEATURES.md`

            """);
    }

    private static string Context(string id, string title, IReadOnlyList<string> dependsOn, string goal) => $"""
        ---
        depends_on: [{string.Join(", ", dependsOn)}]
        ---

        # {id}: {title}

        ## Goal

        {goal}

        """;
}
