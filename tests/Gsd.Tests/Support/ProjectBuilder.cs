using System.Globalization;
using System.Text;
using Gsd.Layout;

namespace Gsd.Tests.Support;

/// <summary>
/// A real project for a test, built step by step: a git repository on main (identity set, one commit) in a temp folder,
/// an isolated GSD_HOME, a scratch folder outside the repository, and a <see cref="GsdLauncher"/> bound to them. The
/// fluent steps write what gsd reads (<c>.gsd</c> init, preferences, milestones with context, roadmap, plan and summary),
/// commit, branch and add milestone worktrees. Everything is removed on dispose.
/// </summary>
public sealed class ProjectBuilder : IDisposable
{
    /// <summary>gsd's runtime files, as <c>gsd init</c> ignores them.</summary>
    public const string RuntimeIgnores = "parallel/\nworktrees/\nauto.lock\nmetrics.json\n*.lock\nactivity/\nreports/\n";

    private readonly TempDir _home;
    private readonly TempDir _scratch;

    /// <param name="env">Environment overrides of every gsd run (timing knobs).</param>
    public ProjectBuilder(string prefix = "gsd-project", IReadOnlyDictionary<string, string?>? env = null)
    {
        Repo = new GitRepo(prefix);
        _home = new TempDir(prefix + "-home");
        _scratch = new TempDir(prefix + "-scratch");
        Launcher = new GsdLauncher(Repo.Root, _home.Path, env);
    }

    public GitRepo Repo { get; }

    public string Root => Repo.Root;

    /// <summary>The isolated GSD_HOME every gsd run here gets (its PREFERENCES.md holds the user's global settings).</summary>
    public string Home => _home.Path;

    /// <summary>A folder outside the repository for test agents, markers and what they record.</summary>
    public string Scratch => _scratch.Path;

    /// <summary>Runs gsd in the project root (<see cref="GsdLauncher.In"/> for elsewhere).</summary>
    public GsdLauncher Launcher { get; }

    public ParallelPaths Paths => new(Root);

    /// <summary>`gsd init` through the binary.</summary>
    public ProjectBuilder InitGsd()
    {
        var r = Launcher.Run("init");
        r.ExitCode.ShouldBe(0, r.ToString());
        return this;
    }

    /// <summary>.gsd/.gitignore as `gsd init` writes it, without running the binary.</summary>
    public ProjectBuilder IgnoreRuntime() => Write(".gsd/.gitignore", RuntimeIgnores);

    /// <summary>.gsd/PREFERENCES.md: <paramref name="yaml"/> as its frontmatter, then <paramref name="prose"/>.</summary>
    public ProjectBuilder Preferences(string yaml, string prose = "") => Write(".gsd/PREFERENCES.md", $"---\n{yaml.TrimEnd()}\n---\n{prose}");

    public ProjectBuilder Write(string relative, string contents)
    {
        Repo.Write(relative, contents);
        return this;
    }

    /// <summary>Stages everything and commits (see <see cref="GitRepo.Commit"/> for the commit id).</summary>
    public ProjectBuilder Commit(string message)
    {
        Repo.Commit(message);
        return this;
    }

    public ProjectBuilder Branch(string name, string from = "main")
    {
        Repo.Git("branch", name, from);
        return this;
    }

    /// <summary>M###-CONTEXT.md with its depends_on frontmatter.</summary>
    public ProjectBuilder Context(string id, string title, params string[] dependsOn) =>
        Write($".gsd/milestones/{id}/{id}-CONTEXT.md", $"---\ndepends_on: [{string.Join(", ", dependsOn)}]\n---\n\n# {id}: {title}\n");

    /// <summary>M###-ROADMAP.md with the given slice lines (see <see cref="SliceLine"/>).</summary>
    public ProjectBuilder Roadmap(string id, string title, params string[] sliceLines) =>
        Write($".gsd/milestones/{id}/{id}-ROADMAP.md", $"# {id}: {title}\n\n## Slices\n\n{string.Concat(sliceLines.Select(l => l + "\n"))}");

    public static string SliceLine(string slice, string title, bool done = false) => $"- [{(done ? 'x' : ' ')}] **{slice}: {title}** `risk:low` `depends:[]`";

    /// <summary>S##-PLAN.md of <paramref name="slice"/>: tasks T01… with their files and verify lines.</summary>
    public ProjectBuilder Plan(string id, string slice, string title, params PlannedTaskSpec[] tasks)
    {
        var plan = new StringBuilder($"# {slice}: {title}\n\n## Tasks\n\n");
        for (var i = 0; i < tasks.Length; i++)
        {
            var t = tasks[i];
            plan.Append(CultureInfo.InvariantCulture, $"- [ ] **T{i + 1:00}: {t.Title}** `est:5m`\n");
            if (t.Files.Length > 0)
            {
                plan.Append("  - Files: ").Append(string.Join(", ", t.Files.Select(f => $"`{f}`"))).Append('\n');
            }
            if (t.Verify is not null)
            {
                plan.Append("  - Verify: ").Append(t.Verify).Append('\n');
            }
        }
        return Write($".gsd/milestones/{id}/slices/{slice}/{slice}-PLAN.md", plan.ToString());
    }

    /// <summary>A milestone ready to run: context, a roadmap of one slice S01 and its plan.</summary>
    public ProjectBuilder PlannedMilestone(string id, string title, string sliceTitle, params PlannedTaskSpec[] tasks) =>
        Context(id, title).Roadmap(id, title, SliceLine("S01", sliceTitle)).Plan(id, "S01", sliceTitle, tasks);

    public ProjectBuilder Summary(string id, string text) => Write($".gsd/milestones/{id}/{id}-SUMMARY.md", text);

    /// <summary>`gsd milestone new` through the binary, committed; returns the new id.</summary>
    public string NewMilestone(string title, params string[] dependsOn)
    {
        List<string> args = ["milestone", "new", title];
        if (dependsOn.Length > 0)
        {
            args.AddRange(["--depends-on", string.Join(',', dependsOn)]);
        }
        var r = Launcher.Run([.. args]);
        r.ExitCode.ShouldBe(0, r.ToString());
        var id = r.StdOut.Split('/')[2];
        Repo.Commit($"milestone {id}");
        return id;
    }

    public string Worktree(string mid) => Path.Combine(Root, ".gsd", "worktrees", mid);

    /// <summary>.gsd/worktrees/MID on a new branch milestone/MID from <paramref name="from"/>, made with plain git.</summary>
    public string AddWorktree(string mid, string from = "main")
    {
        Repo.Git("worktree", "add", "-q", "-b", MilestoneBranchName(mid), Worktree(mid), from);
        return Worktree(mid);
    }

    public static string MilestoneBranchName(string mid) => $"milestone/{mid}";

    /// <summary>Writes (or, with null content, deletes) files in a checkout and commits them; returns the commit id.</summary>
    public static string CommitIn(string dir, string message, params (string Path, string? Content)[] files)
    {
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(dir, path);
            if (content is null)
            {
                File.Delete(full);
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllText(full, content);
            }
        }
        ProcessRunner.Git(dir, "add", "-A");
        ProcessRunner.Git(dir, "commit", "-q", "-m", message);
        return ProcessRunner.Git(dir, "rev-parse", "HEAD");
    }

    /// <summary>Commits after <paramref name="since"/> up to <paramref name="tip"/>, oldest first.</summary>
    public IReadOnlyList<CommitInfo> CommitsSince(string since, string tip = "HEAD")
    {
        var ids = Repo.Git("rev-list", "--reverse", $"{since}..{tip}").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return ids.Select(CommitInfo.Read(Repo)).ToList();
    }

    public void Dispose()
    {
        Repo.Dispose();
        _home.Dispose();
        _scratch.Dispose();
    }
}

/// <summary>One task of a <see cref="ProjectBuilder.Plan"/>: its title, the files it names and its verify line.</summary>
public sealed record PlannedTaskSpec(string Title, string[] Files, string? Verify = null);

/// <summary>One commit: subject, body trailers and the files it touched.</summary>
public sealed record CommitInfo(string Id, string Subject, string Body, IReadOnlyList<string> Files)
{
    public static Func<string, CommitInfo> Read(GitRepo repo) => id =>
    {
        var subject = repo.Git("show", "-s", "--format=%s", id);
        var body = repo.Git("show", "-s", "--format=%b", id);
        var files = repo.Git("show", "--name-only", "--format=", id).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return new CommitInfo(id, subject, body, files);
    };

    public string? Trailer(string key) =>
        Body.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(key + ": ", StringComparison.Ordinal))?[(key.Length + 2)..];

    public override string ToString() => $"{Id[..8]} {Subject} [{string.Join(", ", Files)}]";
}
