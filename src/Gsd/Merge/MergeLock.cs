using Gsd.Layout;
using Gsd.Protocol;

namespace Gsd.Merge;

/// <summary>
/// Serialises merges of one project across processes (the coordinator's auto merge, `gsd parallel merge`, per-slice
/// landings), so two of them never race on the same branch, worktree or merges.json record. An exclusive flock on
/// <c>.gsd/parallel/merge.lock</c>: the kernel releases it when its holder dies, so a killed merge never leaves it stuck.
/// </summary>
public sealed class MergeLock : IDisposable
{
    private readonly FileStream _stream;

    private MergeLock(FileStream stream)
    {
        _stream = stream;
    }

    public static string PathIn(ParallelPaths paths) => Path.Combine(paths.Directory, "merge.lock");

    /// <summary>Waits up to <paramref name="wait"/> for another merge to finish, then says so.</summary>
    public static async Task<MergeLock> AcquireAsync(ParallelPaths paths, TimeProvider clock, TimeSpan wait, CancellationToken ct)
    {
        Directory.CreateDirectory(paths.Directory);
        var path = PathIn(paths);
        var deadline = clock.GetUtcNow() + wait;
        var poll = Timings.FromEnvironment().LockPoll;
        while (true)
        {
            try
            {
                // .NET takes flock(LOCK_EX|LOCK_NB) for FileShare.None on Unix.
                return new MergeLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (clock.GetUtcNow() < deadline)
            {
                await Task.Delay(poll, clock, ct).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new GsdException(
                    $"Another merge is running in this project (it holds {path}: the coordinator's auto merge or another `gsd parallel merge`); "
                    + $"waited {wait.TotalSeconds:0} s. Run the merge again once it is done. ({ex.Message})");
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
