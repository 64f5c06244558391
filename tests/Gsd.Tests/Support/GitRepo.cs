namespace Gsd.Tests.Support;

/// <summary>A real git repository in a temp directory, on branch main with one initial commit.</summary>
public sealed class GitRepo : IDisposable
{
    private readonly TempDir _dir;

    public GitRepo(string prefix = "gsd-repo")
    {
        _dir = new TempDir(prefix);
        Git("init", "-q", "-b", "main");
        Git("config", "user.name", "gsd tests");
        Git("config", "user.email", "tests@gsd.invalid");
        Git("config", "commit.gpgsign", "false");
        Write("README.md", "# test repo\n");
        Commit("initial");
    }

    public string Root => _dir.Path;

    public string Path(string relative) => System.IO.Path.Combine(Root, relative);

    public string Git(params string[] args) => ProcessRunner.Git(Root, args);

    public string Write(string relative, string contents) => _dir.Write(relative, contents);

    public string Read(string relative) => _dir.Read(relative);

    public bool Exists(string relative) => File.Exists(Path(relative)) || Directory.Exists(Path(relative));

    /// <summary>Stages everything and commits; returns the new commit id.</summary>
    public string Commit(string message)
    {
        Git("add", "-A");
        Git("commit", "-q", "--allow-empty", "-m", message);
        return Git("rev-parse", "HEAD");
    }

    public string Head(string rev = "HEAD") => Git("rev-parse", rev);

    public void Dispose() => _dir.Dispose();
}
