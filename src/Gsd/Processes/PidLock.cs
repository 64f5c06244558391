using System.Text.Json;
using Gsd.IO;

namespace Gsd.Processes;

/// <summary>
/// A lock file naming its holder by pid and process start time. A live holder makes <see cref="Acquire"/> refuse;
/// a stale one (process gone, or pid reused by another process) is taken over and returned as <see cref="PreviousStale"/>.
/// Acquirers are serialised by a flock on a guard file, so two starts at once never both win.
/// </summary>
public sealed class PidLock : IDisposable
{
    private readonly string _path;
    private bool _released;

    private PidLock(string path, LockRecord record, LockRecord? previousStale)
    {
        _path = path;
        Record = record;
        PreviousStale = previousStale;
    }

    public LockRecord Record { get; private set; }

    /// <summary>The stale lock that was taken over, if any (its unit fields tell what was interrupted).</summary>
    public LockRecord? PreviousStale { get; }

    /// <summary>Takes the lock or returns null with the live holder in <paramref name="holder"/>.</summary>
    public static PidLock? TryAcquire(string path, TimeProvider clock, out LockRecord? holder)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var guard = FileGuard.Acquire(path + ".guard.lock");
        var existing = Read(path);
        var me = ProcessIdentity.Current;
        // Our own pid with another start time is a dead predecessor whose pid we were given: stale like any other.
        var mine = existing is not null && existing.Pid == me.Pid && existing.ProcessStartedAt == me.StartTicks;
        if (existing is not null && !mine && existing.Pid != me.Pid && existing.Owner.IsAlive())
        {
            holder = existing;
            return null;
        }
        holder = null;
        var record = new LockRecord(me.Pid, me.StartTicks, clock.GetUtcNow());
        Write(path, record);
        var stale = existing is not null && !mine ? existing : null;
        return new PidLock(path, record, stale);
    }

    public static LockRecord? Read(string path)
    {
        try
        {
            var text = File.ReadAllText(path);
            return JsonSerializer.Deserialize(text, LockJsonContext.Default.LockRecord);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (JsonException)
        {
            // A torn or foreign file cannot name a live holder; treat it as stale so it is taken over.
            return new LockRecord(0, 0, DateTimeOffset.MinValue);
        }
    }

    /// <summary>Records the unit now running, so a crash leaves behind what was interrupted.</summary>
    public void Update(LockRecord record)
    {
        Record = record;
        Write(_path, record);
    }

    public void Dispose()
    {
        if (_released)
        {
            return;
        }
        _released = true;
        var current = Read(_path);
        if (current is not null && current.Pid == Record.Pid && current.ProcessStartedAt == Record.ProcessStartedAt)
        {
            File.Delete(_path);
        }
    }

    private static void Write(string path, LockRecord record) =>
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(record, LockJsonContext.Default.LockRecord), Durability.Process);
}
