using System.Runtime.InteropServices;

namespace Gsd.IO;

/// <summary>
/// The POSIX file calls .NET does not expose: hard links (an atomic create-if-absent), a bare small-file read, and
/// closing a raw descriptor.
/// </summary>
internal static partial class NativeFile
{
    private const int ReadOnlyCloseOnExec = 0x80000; // O_RDONLY | O_CLOEXEC
    /// <summary>EINTR: a call interrupted by a signal, to be made again.</summary>
    internal const int Eintr = 4;

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Link(string oldPath, string newPath);

    /// <summary>
    /// Reads up to <paramref name="buffer"/>'s length from the start of <paramref name="path"/> with open, read, close:
    /// for /proc files read by the dozen, where a FileStream adds an fstat and two flocks to each. -1 when it cannot be read.
    /// </summary>
    public static unsafe int ReadStart(string path, Span<byte> buffer)
    {
        var fd = Open(path, ReadOnlyCloseOnExec);
        if (fd < 0)
        {
            return -1;
        }
        try
        {
            fixed (byte* p = buffer)
            {
                nint read;
                do
                {
                    read = Read(fd, p, buffer.Length);
                }
                while (read < 0 && Marshal.GetLastPInvokeError() == Eintr);
                return (int)read;
            }
        }
        finally
        {
            Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static unsafe partial nint Read(int fd, byte* buffer, nint count);

    /// <summary>Closes a descriptor gsd opened outside a .NET handle; its error, if any, changes nothing for the caller.</summary>
    public static void Close(int fd) => _ = CloseFd(fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int CloseFd(int fd);
}
