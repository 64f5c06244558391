using Gsd.Git;
using Gsd.Planning;

namespace Gsd.Demo;

/// <summary>Makes the demo's scratch repository: the files of <see cref="DemoFiles"/>, committed on main.</summary>
public static class DemoProject
{
    /// <summary>A fresh directory under the system temp folder for a demo without a DIR.</summary>
    public static string DefaultDirectory() =>
        Path.Combine(Path.GetTempPath(), $"gsd-demo-{DateTime.Now:yyyyMMdd-HHmmss}");

    public static async Task CreateAsync(string directory, TimeSpan agentDelay, CancellationToken ct)
    {
        if (File.Exists(directory))
        {
            throw new GsdException($"{directory} is a file; give `gsd demo` a new or empty directory.", ExitCodes.Usage);
        }
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            throw new GsdException($"{directory} is not empty; give `gsd demo` a new or empty directory (nothing in it was touched).", ExitCodes.Usage);
        }
        Directory.CreateDirectory(directory);
        foreach (var (path, content) in DemoFiles.All(agentDelay))
        {
            var full = Path.Combine(directory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllTextAsync(full, content, ct).ConfigureAwait(false);
        }
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(directory, "app", "hello.sh"), (UnixFileMode)0b111_101_101);
        }
        ProjectInitializer.Initialize(directory);

        var git = new GitRunner(directory);
        await git.RunAsync(["init", "--quiet", "--initial-branch=main"], ct: ct).ConfigureAwait(false);
        // A scratch repository: commit as "gsd demo" when the user has no identity, and never ask to sign.
        if ((await git.TryRunAsync(["config", "user.email"], ct: ct).ConfigureAwait(false)).ExitCode != 0)
        {
            await git.RunAsync(["config", "user.email", "demo@gsd.invalid"], ct: ct).ConfigureAwait(false);
        }
        if ((await git.TryRunAsync(["config", "user.name"], ct: ct).ConfigureAwait(false)).ExitCode != 0)
        {
            await git.RunAsync(["config", "user.name", "gsd demo"], ct: ct).ConfigureAwait(false);
        }
        await git.RunAsync(["config", "commit.gpgsign", "false"], ct: ct).ConfigureAwait(false);
        await git.RunAsync(["add", "--all"], ct: ct).ConfigureAwait(false);
        await git.RunAsync(["commit", "--quiet", "-m", "demo: the hello app and its five milestones"], ct: ct).ConfigureAwait(false);
    }
}
