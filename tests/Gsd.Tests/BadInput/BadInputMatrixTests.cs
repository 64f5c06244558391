using System.Globalization;
using Gsd.Tests.Support;

namespace Gsd.Tests.BadInput;

/// <summary>
/// Every bad input of the matrix through the real binary: the documented exit code, a message that names the culprit,
/// no unhandled-exception trace, and nothing in the repository lost or damaged.
/// </summary>
public sealed class BadInputMatrixTests
{
    private const int Nobody = 65534;

    public static TheoryData<string> Cases() => new(BadInputCases.All.Select(c => c.Name));

    [Fact]
    public void The_matrix_has_at_least_sixty_cases_with_distinct_names()
    {
        BadInputCases.All.Count.ShouldBeGreaterThanOrEqualTo(60);
        BadInputCases.All.Select(c => c.Name).Distinct().Count().ShouldBe(BadInputCases.All.Count);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_input_gets_a_clear_error_and_nothing_is_lost(string name)
    {
        var c = BadInputCases.All.Single(x => x.Name == name);
        using var project = new BadInputProject();
        c.Spoil?.Invoke(project);
        var before = Snapshot(project.Root);

        var r = c.AsOtherUser ? RunAsOtherUser(project, c) : project.Project.Launcher.Run(c.Env?.Invoke(project), c.Args);

        r.ExitCode.ShouldBe(c.Exit, r.ToString());
        foreach (var culprit in c.Names)
        {
            r.All.ShouldContain(culprit, Case.Insensitive, r.ToString());
        }
        r.All.ShouldNotContain("   at ", Case.Sensitive, "no stack trace: " + r);
        r.All.ShouldNotContain("Unhandled exception", Case.Insensitive, r.ToString());
        if (c.Afterwards == Afterwards.Unchanged)
        {
            RepoSnapshot.ShouldBeUnchanged(Snapshot(project.Root), before);
        }
        else
        {
            NothingLost(project);
        }
        NoProcessLeft(project);
    }

    /// <summary>Every ref, the index, status and every file's bytes, or only the files where the root is no repository.</summary>
    private static string Snapshot(string root) => Directory.Exists(Path.Combine(root, ".git"))
        ? RepoSnapshot.Of(root, IsGuardLock, includeIgnored: true)
        : string.Join('\n', Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetRelativePath(root, f)} {RepoSnapshot.Hash(File.ReadAllBytes(f))}"));

    /// <summary>The empty lock files gsd serialises its own writers with (ignored runtime files, never user changes).</summary>
    private static bool IsGuardLock(string path) => path.StartsWith(".gsd/", StringComparison.Ordinal) && path.EndsWith(".guard.lock", StringComparison.Ordinal);

    /// <summary>The project's commits are still on main, and the user's committed and uncommitted files are untouched.</summary>
    private static void NothingLost(BadInputProject project)
    {
        ProcessRunner.Run("git", ["merge-base", "--is-ancestor", project.InitialHead, "main"], project.Root).ExitCode
            .ShouldBe(0, "the project's commits are still on main");
        File.ReadAllText(project.Path(BadInputProject.UserFile)).ShouldBe("the user's code\n");
        if (project.HasUncommitted)
        {
            File.ReadAllText(project.Path(BadInputProject.UncommittedFile)).ShouldBe("the user's uncommitted notes\n");
        }
    }

    /// <summary>The hanging agent's processes (it records their pids) are all gone.</summary>
    private static void NoProcessLeft(BadInputProject project)
    {
        var pids = Path.Combine(project.Scratch, "hang.pids");
        if (!File.Exists(pids))
        {
            return;
        }
        foreach (var line in File.ReadAllLines(pids).Where(l => int.TryParse(l, CultureInfo.InvariantCulture, out _)))
        {
            // A zombie is dead: only its exit status waits for a parent (here possibly a container's init that never reaps).
            IsRunning(line).ShouldBeFalse($"agent process {line} is still running");
        }
    }

    private static bool IsRunning(string pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/stat").Split(") ")[^1].Split(' ')[0] != "Z";
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// As root every file is writable, so the read-only project is made by running gsd as nobody (it can read the
    /// root-owned project but write nothing); git's ownership check is lifted for that run only.
    /// </summary>
    private static ProcessResult RunAsOtherUser(BadInputProject project, BadInputCase c)
    {
        if (Environment.UserName != "root")
        {
            Assert.Skip("needs root to run gsd as another user (nobody) against a project it cannot write");
        }
        var env = new Dictionary<string, string?>(project.Project.Launcher.Env)
        {
            ["HOME"] = "/tmp",
            ["GIT_CONFIG_COUNT"] = "1",
            ["GIT_CONFIG_KEY_0"] = "safe.directory",
            ["GIT_CONFIG_VALUE_0"] = "*",
        };
        foreach (var (k, v) in c.Env?.Invoke(project) ?? new Dictionary<string, string?>())
        {
            env[k] = v;
        }
        var id = Nobody.ToString(CultureInfo.InvariantCulture);
        return ProcessRunner.Run("setpriv", ["--reuid", id, "--regid", id, "--clear-groups", "--", GsdBinary.Path, .. c.Args], project.Root, env, timeout: GsdLauncher.DefaultTimeout);
    }
}
