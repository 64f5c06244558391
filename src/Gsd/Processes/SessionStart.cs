using System.Diagnostics;

namespace Gsd.Processes;

/// <summary>
/// How gsd starts the processes it supervises (agents, workers, the background coordinator): through setsid(1), so each
/// leads a session and process group of its own and can be signalled as a whole. argv only, never a shell command line.
/// </summary>
public static class SessionStart
{
    /// <summary>Start info for <paramref name="argv"/> in a new session; <paramref name="env"/> values set variables, null values remove them.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> argv, string workingDirectory, IReadOnlyDictionary<string, string?>? env = null)
    {
        var psi = new ProcessStartInfo(Setsid.Path)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
        };
        foreach (var arg in argv)
        {
            psi.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in env ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                psi.Environment.Remove(name);
            }
            else
            {
                psi.Environment[name] = value;
            }
        }
        return psi;
    }
}
