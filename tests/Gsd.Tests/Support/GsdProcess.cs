using System.Diagnostics;
using System.Text;
using Gsd.Processes;

namespace Gsd.Tests.Support;

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

    /// <summary>Starts the binary in <paramref name="workingDirectory"/> with exactly <paramref name="env"/> on top of this process's environment.</summary>
    public static GsdProcess Start(string workingDirectory, IReadOnlyDictionary<string, string?> env, params string[] args) =>
        Start(ProcessRunner.StartInfo(GsdBinary.Path, args, workingDirectory, env));

    /// <summary>Starts <paramref name="psi"/> (streams redirected) with its output collected line by line.</summary>
    public static GsdProcess Start(ProcessStartInfo psi)
    {
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
