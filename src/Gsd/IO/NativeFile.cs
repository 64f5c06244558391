using System.Runtime.InteropServices;

namespace Gsd.IO;

/// <summary>The POSIX file call .NET does not expose: hard links (an atomic create-if-absent).</summary>
internal static partial class NativeFile
{
    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Link(string oldPath, string newPath);
}
