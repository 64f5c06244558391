using System.Globalization;

namespace Gsd.Cli;

/// <summary>
/// What the user sees when gsd itself fails in a way no message was written for: one line naming the error and where
/// its full trace was saved, never a stack trace on the terminal. The trace goes to a file in the temp folder.
/// </summary>
internal static class CrashReport
{
    /// <summary>Saves <paramref name="ex"/> with its trace and returns the one line to print (the file's path, or why none).</summary>
    public static string Describe(Exception ex, IReadOnlyList<string> args, DateTimeOffset now)
    {
        var line = $"gsd: unexpected error: {ex.GetType().Name}: {ex.Message}";
        try
        {
            var path = Path.Combine(
                Path.GetTempPath(),
                string.Create(CultureInfo.InvariantCulture, $"gsd-crash-{now:yyyyMMdd-HHmmss}-{Environment.ProcessId}.txt"));
            File.WriteAllText(path, string.Create(CultureInfo.InvariantCulture,
                $"gsd {Program.Version}\n{now:O}\nargs: {string.Join(' ', args)}\ncwd: {Environment.CurrentDirectory}\n\n{ex}\n"));
            return $"{line} (a bug in gsd; the full trace is in {path})";
        }
        catch (Exception write) when (write is IOException or UnauthorizedAccessException)
        {
            return $"{line} (a bug in gsd; its trace could not be saved: {write.Message})";
        }
    }
}
