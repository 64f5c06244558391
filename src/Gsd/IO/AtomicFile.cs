using System.Text;
using System.Text.RegularExpressions;

namespace Gsd.IO;

/// <summary>Writes files so a reader never sees a half-written one: temp file in the same folder, flush, rename.</summary>
public static partial class AtomicFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Whether <paramref name="fileName"/> is one of the temporary files this class writes (<c>[.]name.&lt;pid&gt;.&lt;guid&gt;.tmp</c>):
    /// a kill during a write leaves one behind, and it is never a user change (ARCHITECTURE §9).
    /// </summary>
    public static bool IsTempFileName(string fileName) => TempSuffix().IsMatch(fileName);

    [GeneratedRegex(@"^.+\.[0-9]+\.[0-9a-f]{32}\.tmp$", RegexOptions.CultureInvariant)]
    private static partial Regex TempSuffix();

    public static void WriteAllText(string path, string contents, Durability durability = Durability.Disk) =>
        WriteAllBytes(path, Utf8NoBom.GetBytes(contents), durability);

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes, Durability durability = Durability.Disk)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full) ?? throw new ArgumentException($"No directory in path '{path}'.", nameof(path));
        Directory.CreateDirectory(dir);
        // Unique per process and call so concurrent writers never share a temp file.
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: durability == Durability.Disk);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Creates the file only if it does not exist yet; returns false when it already did.</summary>
    public static bool TryCreateNew(string path, string contents)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + $".{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(Utf8NoBom.GetBytes(contents));
                stream.Flush(flushToDisk: true);
            }
            // A hard link fails if the target exists: an atomic create-if-absent that never exposes a partial file.
            return NativeFile.Link(temp, full) == 0;
        }
        finally
        {
            TryDelete(temp);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The temp file is ours alone; failing to remove it loses nothing.
        }
    }
}
