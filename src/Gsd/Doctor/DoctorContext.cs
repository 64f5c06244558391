using System.Globalization;
using Gsd.Git;
using Gsd.Layout;

namespace Gsd.Doctor;

/// <summary>What every check works on: the main project root, its parallel paths, git (null outside a repository) and the clock.</summary>
internal sealed class DoctorContext
{
    /// <summary>A lock or temporary file younger than this may belong to a command still running; it is left alone.</summary>
    public static readonly TimeSpan InUseGrace = TimeSpan.FromMinutes(1);

    private DoctorContext(string root, TimeProvider clock, DoctorGitQueries? git, string? gitError)
    {
        Root = root;
        Paths = new ParallelPaths(root);
        Clock = clock;
        Git = git;
        GitError = gitError;
    }

    public string Root { get; }

    public ParallelPaths Paths { get; }

    public TimeProvider Clock { get; }

    public DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>Null when the root is not in a git repository (<see cref="GitError"/> says why).</summary>
    public DoctorGitQueries? Git { get; }

    public string? GitError { get; }

    public static async Task<DoctorContext> CreateAsync(string root, TimeProvider clock, CancellationToken ct)
    {
        var git = new DoctorGitQueries(root);
        try
        {
            await git.Repository.CommonDirAsync(ct).ConfigureAwait(false);
            return new DoctorContext(root, clock, git, null);
        }
        catch (GitException ex)
        {
            return new DoctorContext(root, clock, null, ex.StdErr.Trim().Length > 0 ? ex.StdErr.Trim() : ex.Message);
        }
    }

    /// <summary>A path as messages show it: relative to the project root when inside it (paste-able from there), else absolute.</summary>
    public string Display(string path)
    {
        var relative = Path.GetRelativePath(Root, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>Shell-quoted for a command the user can paste.</summary>
    public static string Quote(string value) =>
        value.All(c => char.IsAsciiLetterOrDigit(c) || "/._-+:@%".Contains(c, StringComparison.Ordinal))
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    public static string Age(TimeSpan age) => age.TotalSeconds switch
    {
        < 120 => $"{Math.Max(0, age.TotalSeconds).ToString("0", CultureInfo.InvariantCulture)} s",
        < 7200 => $"{age.TotalMinutes.ToString("0", CultureInfo.InvariantCulture)} min",
        < 172800 => $"{age.TotalHours.ToString("0", CultureInfo.InvariantCulture)} h",
        _ => $"{age.TotalDays.ToString("0", CultureInfo.InvariantCulture)} days",
    };

    public static string List(IReadOnlyCollection<string> items, int max = 10) =>
        items.Count <= max ? string.Join(", ", items) : string.Join(", ", items.Take(max)) + $", … ({items.Count - max} more)";
}
