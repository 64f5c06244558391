using System.IO.Enumeration;

namespace Gsd.Planning;

/// <summary>
/// One read of a directory: its file and subdirectory names (looked up ignoring case, so <c>m001-roadmap.md</c>
/// is still found). Every planning directory is enumerated exactly once; nothing is stat'ed file by file.
/// </summary>
internal sealed class DirectoryListing
{
    public static readonly DirectoryListing Missing = new(
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase),
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase),
        exists: false);

    private static readonly EnumerationOptions Options = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = false,
        AttributesToSkip = 0,
        ReturnSpecialDirectories = false,
    };

    private readonly Dictionary<string, string> files;
    private readonly Dictionary<string, string> directories;

    private DirectoryListing(Dictionary<string, string> files, Dictionary<string, string> directories, bool exists)
    {
        this.files = files;
        this.directories = directories;
        Exists = exists;
    }

    public bool Exists { get; }

    /// <summary>Subdirectory names as they are on disk, in ordinal order.</summary>
    public IEnumerable<string> DirectoryNames => directories.Values.Order(StringComparer.Ordinal);

    /// <summary>The on-disk name of a file, or null.</summary>
    public string? File(string name) => files.GetValueOrDefault(name);

    public string? Directory(string name) => directories.GetValueOrDefault(name);

    /// <summary>Reads a directory; a missing one is empty, an unreadable one is empty and reported.</summary>
    public static DirectoryListing Read(string path, SourceFile? reportAs)
    {
        var files = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var directories = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            var entries = new FileSystemEnumerable<(string Name, bool IsDirectory)>(
                path,
                (ref FileSystemEntry entry) => (entry.FileName.ToString(), entry.IsDirectory),
                Options);
            foreach (var (name, isDirectory) in entries)
            {
                (isDirectory ? directories : files).TryAdd(name, name);
            }
        }
        catch (DirectoryNotFoundException)
        {
            return Missing;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            reportAs?.Report(ProblemCodes.UnreadableFile, $"cannot read directory: {ex.Message}");
            return Missing;
        }
        return new DirectoryListing(files, directories, exists: true);
    }
}
