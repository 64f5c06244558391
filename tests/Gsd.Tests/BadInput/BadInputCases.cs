using Gsd.Tests.Support;

namespace Gsd.Tests.BadInput;

/// <summary>The bad-input matrix (issue 8): preferences, planning files, state files, ids, git states, permissions, agents.</summary>
internal static class BadInputCases
{
    private const int Ok = 0;
    private const int Failure = 1;
    private const int Usage = 2;
    private const int Blocked = 10;
    private const string Prefs = ".gsd/PREFERENCES.md";

    public static readonly IReadOnlyList<BadInputCase> All =
    [
        .. Preferences(),
        .. Planning(),
        .. StateFiles(),
        .. Ids(),
        .. GitStates(),
        .. Permissions(),
        .. Agents(),
    ];

    private static BadInputCase Pref(string name, string yaml, params string[] names) =>
        new($"preferences: {name}", ["auto"], Usage, [Prefs, .. names], p => p.Preferences(yaml));

    private static IEnumerable<BadInputCase> Preferences() =>
    [
        Pref("unknown agent kind", "agent:\n  kind: bogus", "agent.kind", "bogus", ":3"),
        Pref("malformed YAML", "agent: [\nparallel:", "malformed YAML", ":"),
        Pref("max_workers zero", "parallel:\n  max_workers: 0", "parallel.max_workers", "0"),
        Pref("max_workers not a number", "parallel:\n  max_workers: many", "parallel.max_workers", "many"),
        Pref("negative budget ceiling", "parallel:\n  budget_ceiling: -5", "parallel.budget_ceiling", "-5"),
        Pref("budget ceiling not a number", "parallel:\n  budget_ceiling: lots", "parallel.budget_ceiling", "lots"),
        Pref("unknown merge strategy", "parallel:\n  merge_strategy: yolo", "parallel.merge_strategy", "yolo"),
        Pref("unknown auto_merge", "parallel:\n  auto_merge: sometimes", "parallel.auto_merge", "sometimes"),
        Pref("negative max_restarts", "parallel:\n  max_restarts: -1", "parallel.max_restarts", "-1"),
        Pref("enabled not a boolean", "parallel:\n  enabled: maybe", "parallel.enabled", "maybe"),
        Pref("unit_timeout not a duration", "agent:\n  unit_timeout: soon", "agent.unit_timeout", "soon"),
        Pref("args not a list", "agent:\n  args: notalist", "agent.args", "notalist"),
        Pref("command kind without a command", "agent:\n  kind: command", "agent.command"),
        Pref("command as a string", "agent:\n  kind: command\n  command: /usr/bin/true", "agent.command", "/usr/bin/true"),
        Pref("main_branch not a branch name", "git:\n  main_branch: 'bad..name'", "git.main_branch", "bad..name"),
        Pref("agent not a map", "agent: 5", "agent", "5"),
        Pref("frontmatter a list", "- a\n- b", "frontmatter", "list"),
        new("preferences: frontmatter never closed", ["auto"], Usage, [Prefs, ":1", "never closed"],
            p => p.Write(Prefs, "---\nagent:\n  kind: sim\n")),
        new("preferences: PREFERENCES.md is a directory", ["auto"], Usage, [Prefs, "directory"],
            p =>
            {
                File.Delete(p.Path(Prefs));
                Directory.CreateDirectory(p.Path(Prefs));
            }),
        new("preferences: bad global preferences", ["auto"], Usage, ["gsd-bad-home", "PREFERENCES.md", "agent.kind", "nope"],
            p => File.WriteAllText(System.IO.Path.Combine(p.Project.Home, "PREFERENCES.md"), "---\nagent:\n  kind: nope\n---\n")),
        new("preferences: parallel start with parallel mode off", ["parallel", "start", "--yes"], Usage, [Prefs, "parallel", "enabled: true"],
            p => p.Preferences("agent:\n  kind: sim\nparallel:\n  enabled: false")),
        new("preferences: parallel start with a missing main branch", ["parallel", "start", "--yes"], Usage, ["git.main_branch: nosuch", "no branch nosuch"],
            p => p.Preferences("agent:\n  kind: sim\nparallel:\n  enabled: true\ngit:\n  main_branch: nosuch")),
    ];

    private static IEnumerable<BadInputCase> Planning() =>
    [
        new("planning: dependency cycle", ["doctor"], Failure, [".gsd/milestones/M001/M001-CONTEXT.md", "cycle", "M002"],
            p => p.Project.Context("M001", "First", "M002")),
        new("planning: unknown dependency", ["doctor"], Failure, ["M002-CONTEXT.md", "M777"],
            p => p.Project.Context("M002", "Second", "M777")),
        new("planning: unreadable depends_on keeps the milestone blocked", ["auto"], Failure, ["GSD_MILESTONE_LOCK=M002", "M002-CONTEXT.md:2", "blocked"],
            p =>
            {
                p.DropUncommitted();
                p.Write(".gsd/milestones/M002/M002-CONTEXT.md", "---\ndepends_on: [\n---\n# M002: Second\n");
            },
            p => new Dictionary<string, string?> { ["GSD_MILESTONE_LOCK"] = "M002" }),
        new("planning: a directory that is not a milestone id", ["doctor"], Ok, [".gsd/milestones/Mxyz", "not a milestone id"],
            p => p.Write(".gsd/milestones/Mxyz/notes.md", "x\n")),
        new("planning: META.json not JSON", ["doctor"], Ok, ["M001-META.json", "not valid JSON"],
            p => p.Write(".gsd/milestones/M001/M001-META.json", "{bad")),
        new("planning: auto on an unknown milestone", ["auto"], Usage, ["M999", ".gsd/milestones/M999"],
            Env: _ => new Dictionary<string, string?> { ["GSD_MILESTONE_LOCK"] = "M999" }),
    ];

    private static BadInputCase State(string name, string file, string contents, string[] args, int exit, params string[] names) =>
        new($"state: {name}", args, exit, [$".gsd/parallel/{file}", .. names], p => p.Write($".gsd/parallel/{file}", contents));

    private static IEnumerable<BadInputCase> StateFiles() =>
    [
        State("truncated coordinator.json", "coordinator.json", "{\"pid\": 12", ["parallel", "status"], Failure, "Unreadable"),
        State("garbage status file", "M001.status.json", "garbage", ["parallel", "status"], Failure, "Unreadable"),
        State("status file missing its state", "M001.status.json", "{\"milestoneId\":\"M001\"}", ["parallel", "status"], Failure, "state"),
        State("status file with a null progress", "M001.status.json", "{\"milestoneId\":\"M001\",\"state\":\"running\",\"progress\":null}", ["parallel", "status", "--json"], Failure, "progress"),
        State("status file with an unknown state", "M001.status.json", "{\"milestoneId\":\"M001\",\"state\":\"flying\"}", ["parallel", "status"], Failure, "Unreadable"),
        State("status file naming another milestone", "M001.status.json", "{\"milestoneId\":\"M002\",\"state\":\"running\",\"progress\":{}}", ["parallel", "status"], Failure, "M002"),
        State("merges.json not JSON", "merges.json", "{bad", ["parallel", "status"], Failure, "move it aside"),
        new("state: .gsd/parallel is a file (start)", ["parallel", "start", "--yes"], Failure, [".gsd/parallel", "is a file"],
            p => p.Write(".gsd/parallel", "x\n")),
        new("state: .gsd/parallel is a file (status)", ["parallel", "status"], Failure, [".gsd/parallel", "is a file"],
            p => p.Write(".gsd/parallel", "x\n")),
        new("state: .gsd/worktrees is a file", ["parallel", "start", "--yes"], Failure, [".gsd/worktrees", "is a file"],
            p => p.Write(".gsd/worktrees", "x\n")),
        new("state: metrics.json not JSON", ["auto"], Failure, [".gsd/metrics.json"],
            p =>
            {
                p.DropUncommitted();
                p.Write(".gsd/metrics.json", "{bad");
            }),
    ];

    private static BadInputCase Id(string[] args, string id, int exit = Usage, Func<BadInputProject, IReadOnlyDictionary<string, string?>>? env = null) =>
        new($"id: {string.Join(' ', args)}{(env is null ? "" : " (env)")}", args, exit, [id], Env: env);

    private static IEnumerable<BadInputCase> Ids() =>
    [
        Id(["milestone", "park", "../x"], "../x"),
        Id(["milestone", "unpark", "../../etc"], "../../etc"),
        Id(["milestone", "discard", "/etc/passwd"], "/etc/passwd"),
        Id(["milestone", "park", "M999"], "M999"),
        Id(["parallel", "merge", "../M001"], "../M001"),
        Id(["parallel", "merge", "M999"], "M999"),
        Id(["parallel", "stop", "M001/.."], "M001/.."),
        Id(["parallel", "pause", "M001;rm -rf /"], "M001;rm -rf /"),
        Id(["parallel", "resume", "M999"], "M999"),
        Id(["auto"], "../M001", env: _ => new Dictionary<string, string?> { ["GSD_MILESTONE_LOCK"] = "../M001" }),
        Id(["milestone", "new", "Third", "--depends-on", "../M001"], "../M001"),
        Id(["milestone", "new", "Third", "--depends-on", "M999"], "M999"),
        Id(["-C", "/nonexistent/project", "queue"], "/nonexistent/project"),
        new("id: empty milestone title", ["milestone", "new", ""], Usage, ["title"]),
        new("id: milestone title of two lines", ["milestone", "new", "a\nb"], Usage, ["title", "one"]),
    ];

    private static IEnumerable<BadInputCase> GitStates() =>
    [
        new("git: init in a bare repository", ["-C", "bare.git", "init"], Usage, ["bare.git", "bare"],
            p => p.Git("init", "-q", "--bare", "bare.git")),
        new("git: init outside any repository", ["init"], Usage, ["not in a git repository"],
            p => Directory.Move(p.Path(".git"), p.Path("dot-git-moved-away"))),
        new("git: auto on a detached HEAD", ["auto"], Usage, ["HEAD is detached", "git switch"],
            p => p.Git("checkout", "-q", "--detach")),
        new("git: auto during a merge", ["auto"], Usage, ["merge is in progress", "git merge --abort"],
            p => p.StopInConflict("merge")),
        new("git: auto during a rebase", ["auto"], Usage, ["rebase is in progress", "git rebase --abort"],
            p => p.StopInConflict("rebase")),
        new("git: auto during a cherry-pick", ["auto"], Usage, ["cherry-pick is in progress", "git cherry-pick --abort"],
            p => p.StopInConflict("cherry-pick")),
        new("git: auto while the index is locked", ["auto"], Failure, [".git/index.lock"],
            p => p.Write(".git/index.lock", "")),
        new("git: parallel start on a detached HEAD", ["parallel", "start", "--yes"], Usage, ["HEAD is detached", "git.main_branch"],
            p => p.Git("checkout", "-q", "--detach")),
        new("git: parallel start on a branch with no commit yet", ["parallel", "start", "--yes"], Usage, ["no commit yet"],
            p => p.Git("checkout", "-q", "--orphan", "unborn")),
    ];

    private static IEnumerable<BadInputCase> Permissions() =>
    [
        new("permissions: milestone new in a read-only project", ["milestone", "new", "Third"], Failure, [".gsd/milestones"], AsOtherUser: true),
        new("permissions: auto in a read-only project", ["auto"], Failure, [".gsd"], AsOtherUser: true),
        new("permissions: init in a read-only project", ["init"], Failure, [".gsd/.gitignore"],
            p => File.Delete(p.Path(".gsd/.gitignore")), AsOtherUser: true),
        new("permissions: parallel start in a read-only project", ["parallel", "start", "--yes"], Failure, [".gsd/parallel"], AsOtherUser: true),
        new("permissions: unreadable preferences", ["auto"], Usage, [Prefs, "cannot be read"],
            p => BadInputProject.Chmod(p.Path(Prefs), UnixFileMode.UserRead | UnixFileMode.UserWrite), AsOtherUser: true),
        new("permissions: unreadable milestone directory", ["queue"], Ok, [".gsd/milestones/M002", "cannot read directory"],
            p => BadInputProject.Chmod(p.Path(".gsd/milestones/M002"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute), AsOtherUser: true),
    ];

    private static Func<BadInputProject, IReadOnlyDictionary<string, string?>> Claude(Func<string, string> script) =>
        p => new Dictionary<string, string?> { ["GSD_CLAUDE_BIN"] = script(p.Scratch) };

    private static BadInputCase Agent(string name, string[] names, Func<string, string> script, string? extraPrefs = null) =>
        new($"agent: {name}", ["auto"], Blocked, names,
            p =>
            {
                p.DropUncommitted();
                p.Preferences("agent:\n  kind: claude" + (extraPrefs is null ? "" : "\n" + extraPrefs));
            },
            Claude(script), Afterwards.NothingLost);

    private static IEnumerable<BadInputCase> Agents() =>
    [
        new("agent: command not found", ["auto"], Usage, ["/nonexistent/agent", "agent.command"],
            p => p.Preferences("agent:\n  kind: command\n  command: [/nonexistent/agent]")),
        new("agent: command not executable", ["auto"], Usage, ["not-executable-agent"],
            p =>
            {
                var script = TestAgents.Succeeding(p.Scratch, name: "not-executable-agent");
                BadInputProject.Chmod(script, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                p.Preferences($"agent:\n  kind: command\n  command: [{script}]");
            }),
        new("agent: claude binary missing", ["auto"], Usage, ["GSD_CLAUDE_BIN", "/nonexistent/claude"],
            p => p.Preferences("agent:\n  kind: claude"),
            _ => new Dictionary<string, string?> { ["GSD_CLAUDE_BIN"] = "/nonexistent/claude" }),
        new("agent: codex not installed", ["auto"], Usage, ["codex", "not installed"],
            p => p.Preferences("agent:\n  kind: codex"),
            _ => new Dictionary<string, string?> { ["GSD_CODEX_BIN"] = null, ["PATH"] = "/usr/bin:/bin" }),
        Agent("silent (prints nothing, exits 0)", ["T01", "no JSON result"],
            dir => TestAgents.WriteScript(dir, "silent-agent", "cat > /dev/null\nexit 0")),
        Agent("fails with a message", ["T01", "the agent broke on purpose"],
            dir => TestAgents.Failing(dir, message: "the agent broke on purpose")),
        Agent("floods its output", ["T01"],
            dir => TestAgents.WriteScript(dir, "flooding-agent", "cat > /dev/null\nhead -c 30000000 /dev/zero | tr '\\0' 'x'\nhead -c 5000000 /dev/zero | tr '\\0' 'y' >&2\nexit 1")),
        Agent("crashes", ["T01", "SIGSEGV"], dir => TestAgents.Crashing(dir)),
        Agent("ignores SIGTERM and hangs", ["T01", "unit_timeout"],
            dir => TestAgents.Hanging(dir, System.IO.Path.Combine(dir, "hang.pids"), ignoreTerm: true),
            "  unit_timeout: 1s"),
    ];
}
