using System.Diagnostics;
using System.Text;
using Gsd.Processes;
using Gsd.Tests.Support;

namespace Gsd.Tests.Auto;

/// <summary>The real gsd binary running in the background: output collected, signals sent by pid, never left running.</summary>
public sealed class GsdProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();

    private GsdProcess(Process process)
    {
        _process = process;
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public string StdOut
    {
        get
        {
            lock (_gate)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StdErr
    {
        get
        {
            lock (_gate)
            {
                return _stderr.ToString();
            }
        }
    }

    public static GsdProcess Start(string workingDirectory, IReadOnlyDictionary<string, string?> env, params string[] args)
    {
        var psi = new ProcessStartInfo(GsdBinary.Path)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        foreach (var (k, v) in env)
        {
            if (v is null)
            {
                psi.Environment.Remove(k);
            }
            else
            {
                psi.Environment[k] = v;
            }
        }
        var process = new Process { StartInfo = psi };
        var running = new GsdProcess(process);
        process.OutputDataReceived += (_, e) => running.Append(running._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => running.Append(running._stderr, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    /// <summary>Waits for the exit (generous limit: a hung worker fails the test instead of hanging it) and returns the exit code.</summary>
    public int WaitForExit(TimeSpan? limit = null)
    {
        if (!_process.WaitForExit(limit ?? TimeSpan.FromMinutes(3)))
        {
            Kill9();
            throw new TimeoutException($"gsd (pid {Pid}) did not exit.\n{this}");
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Signal(int signal) => NativeMethods.Kill(Pid, signal).ShouldBe(0, $"kill -{signal} {Pid}");

    public void Kill9()
    {
        if (!_process.HasExited)
        {
            NativeMethods.Kill(Pid, NativeMethods.SIGKILL);
            _process.WaitForExit();
        }
    }

    public override string ToString() => $"--- stdout ---\n{StdOut}\n--- stderr ---\n{StdErr}";

    public void Dispose()
    {
        Kill9();
        _process.Dispose();
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_gate)
        {
            target.Append(line).Append('\n');
        }
    }
}
