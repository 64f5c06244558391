namespace Gsd.IO;

/// <summary>A short-lived exclusive flock on a guard file, to serialise read-modify-write of a shared file between processes.</summary>
public static class FileGuard
{
    public static FileStream Acquire(string guardPath, int attempts = 400)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(guardPath))!);
        // .NET takes flock(LOCK_EX|LOCK_NB) for FileShare.None on Unix; retry while another process holds it.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(guardPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < attempts)
            {
                Thread.Sleep(25);
            }
        }
    }
}
