using Gsd.Tests.Support;

namespace Gsd.Tests.BadInput;

/// <summary>
/// The project every bad-input case spoils: .gsd/ with the sim agent and parallel mode on, M001 planned (one slice, one
/// task), M002 depending on it, a committed user file and an uncommitted one — the user's work that must survive.
/// </summary>
internal sealed class BadInputProject : IDisposable
{
    public const string UserFile = "src/app.txt";
    public const string UncommittedFile = "notes/todo.txt";

    public BadInputProject()
    {
        Project = new ProjectBuilder("gsd-bad");
        Project.IgnoreRuntime()
            .Preferences("agent:\n  kind: sim\nparallel:\n  enabled: true")
            .PlannedMilestone("M001", "First", "Only slice", new PlannedTaskSpec("Write one", ["app/one.txt"]))
            .Context("M002", "Second", "M001")
            .Write(UserFile, "the user's code\n")
            .Commit("project");
        Project.Write(UncommittedFile, "the user's uncommitted notes\n");
        InitialHead = Project.Repo.Head();
    }

    public ProjectBuilder Project { get; }

    public string Root => Project.Root;

    public string InitialHead { get; }

    public string Scratch => Project.Scratch;

    /// <summary>False once a case removed the uncommitted file (gsd auto rightly refuses to run beside the user's changes).</summary>
    public bool HasUncommitted { get; private set; } = true;

    public void DropUncommitted()
    {
        File.Delete(Path(UncommittedFile));
        HasUncommitted = false;
    }

    public string Path(string relative) => Project.Repo.Path(relative);

    public void Write(string relative, string contents) => Project.Write(relative, contents);

    public string Git(params string[] args) => Project.Repo.Git(args);

    /// <summary>Preferences frontmatter replacing the project's (uncommitted, as a user's edit would be).</summary>
    public void Preferences(string yaml) => Project.Preferences(yaml);

    /// <summary>A conflicting merge of a side branch left in progress (MERGE_HEAD, one unmerged file).</summary>
    public void StopInConflict(string command)
    {
        Git("checkout", "-q", "-b", "side");
        Write("conflict.txt", "side\n");
        Git("add", "conflict.txt");
        Git("commit", "-q", "-m", "side");
        Git("checkout", "-q", "main");
        Write("conflict.txt", "main\n");
        Git("add", "conflict.txt");
        Git("commit", "-q", "-m", "main");
        var args = command switch
        {
            "merge" => new[] { "merge", "side" },
            "rebase" => ["rebase", "side"],
            _ => ["cherry-pick", "side"],
        };
        ProcessRunner.Run("git", args, Root).ExitCode.ShouldNotBe(0, $"git {command} stops at the conflict");
    }

    public static void Chmod(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    public void Dispose() => Project.Dispose();
}
