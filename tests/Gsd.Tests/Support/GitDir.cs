namespace Gsd.Tests.Support;

/// <summary>A <see cref="TempDir"/> made a git repository with <c>git init</c> (no commit): where <c>gsd init</c> may run.</summary>
public sealed class GitDir : IDisposable
{
    private readonly TempDir _dir = new("gsd-gitdir");

    public GitDir() => ProcessRunner.Git(_dir.Path, "init", "-q", "-b", "main");

    public string Path => _dir.Path;

    public string File(string relative) => _dir.File(relative);

    public string Write(string relative, string contents) => _dir.Write(relative, contents);

    public string Read(string relative) => _dir.Read(relative);

    public void Dispose() => _dir.Dispose();
}
