using System.IO.Pipes;
using System.Text;
using Gsd.IO;
using Microsoft.Win32.SafeHandles;

namespace Gsd.Processes;

/// <summary>
/// A process gsd supervises (an agent, a worker, the background coordinator), started as the leader of a session and
/// process group of its own (<see cref="PosixSpawn"/>), so it and all it starts can be signalled as a whole and never
/// gsd's own group. argv only, never a shell command line. A thread of its own waits for the exit without reaping first:
/// until this handle has seen it, the pid (a zombie at worst) cannot be reused, so <see cref="SignalGroup"/> reaches this
/// child's group or nothing. Disposing it closes gsd's ends of the pipes; it never stops the child.
/// </summary>
public sealed class SessionChild : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _reaped;

    private SessionChild(int pid, StreamWriter? stdin, StreamReader? stdout, StreamReader? stderr)
    {
        Pid = pid;
        StandardInput = stdin;
        StandardOutput = stdout;
        StandardError = stderr;
        new Thread(Reap, 128 * 1024) { IsBackground = true, Name = $"gsd reaper {pid}" }.Start();
    }

    /// <summary>Also the process group and the session it leads.</summary>
    public int Pid { get; }

    public StreamWriter? StandardInput { get; }

    public StreamReader? StandardOutput { get; }

    public StreamReader? StandardError { get; }

    /// <summary>Its exit code, 128 + the signal that ended it, or -1 when something else reaped it.</summary>
    public Task<int> Exited => _exit.Task;

    public bool HasExited => _exit.Task.IsCompleted;

    /// <summary>With stdin, stdout and stderr as pipes to gsd. <paramref name="env"/> values set variables, null values remove them.</summary>
    public static SessionChild StartPiped(IReadOnlyList<string> argv, string workingDirectory, IReadOnlyDictionary<string, string?>? env)
    {
        var pipes = new List<int>();
        try
        {
            var stdin = PosixSpawn.Pipe();
            pipes.AddRange([stdin.Read, stdin.Write]);
            var stdout = PosixSpawn.Pipe();
            pipes.AddRange([stdout.Read, stdout.Write]);
            var stderr = PosixSpawn.Pipe();
            pipes.AddRange([stderr.Read, stderr.Write]);
            var pid = Spawn(argv, workingDirectory, env,
            [
                new SpawnFileAction.Dup(stdin.Read, 0),
                new SpawnFileAction.Dup(stdout.Write, 1),
                new SpawnFileAction.Dup(stderr.Write, 2),
            ]);
            // The child has its ends; ours are wrapped (and owned) by the streams, the rest closed.
            foreach (var fd in new[] { stdin.Read, stdout.Write, stderr.Write })
            {
                NativeFile.Close(fd);
            }
            pipes.Clear();
            return new SessionChild(
                pid,
                new StreamWriter(PipeOf(stdin.Write, PipeDirection.Out), Utf8) { AutoFlush = false },
                new StreamReader(PipeOf(stdout.Read, PipeDirection.In), Utf8),
                new StreamReader(PipeOf(stderr.Read, PipeDirection.In), Utf8));
        }
        finally
        {
            foreach (var fd in pipes)
            {
                NativeFile.Close(fd);
            }
        }
    }

    /// <summary>Detached from gsd's terminal: stdin from /dev/null, stdout and stderr appended to <paramref name="logFile"/>.</summary>
    public static SessionChild StartLogged(IReadOnlyList<string> argv, string workingDirectory, IReadOnlyDictionary<string, string?>? env, string logFile)
    {
        var pid = Spawn(argv, workingDirectory, env,
        [
            new SpawnFileAction.Open(0, "/dev/null", PosixSpawn.ReadOnly, 0),
            new SpawnFileAction.Open(1, Path.GetFullPath(logFile), PosixSpawn.WriteOnly | PosixSpawn.Create | PosixSpawn.Append, 0b110_100_100),
            new SpawnFileAction.Dup(1, 2),
        ]);
        return new SessionChild(pid, null, null, null);
    }

    /// <summary>Sends <paramref name="signal"/> to the child's whole group; false once the child has been reaped (or the send failed).</summary>
    public bool SignalGroup(int signal)
    {
        lock (_gate)
        {
            return !_reaped && NativeMethods.Kill(-Pid, signal) == 0;
        }
    }

    public void Dispose()
    {
        // Output first: a child woken by the end of its input then finds no reader, as it would once gsd is gone.
        StandardOutput?.Dispose();
        StandardError?.Dispose();
        StandardInput?.Dispose();
    }

    private static int Spawn(IReadOnlyList<string> argv, string workingDirectory, IReadOnlyDictionary<string, string?>? env, IReadOnlyList<SpawnFileAction> actions)
    {
        if (argv.Count == 0)
        {
            throw new ArgumentException("no command to run", nameof(argv));
        }
        var variables = EnvironmentOf(env);
        var path = variables.TryGetValue("PATH", out var p) ? p : null;
        var executable = ExecutableSearch.Find(argv[0], workingDirectory, path)
            ?? throw new GsdException($"could not start {argv[0]}: not found{(argv[0].Contains('/', StringComparison.Ordinal) ? "" : " on PATH")} or not executable");
        return PosixSpawn.Spawn(executable, argv, workingDirectory, [.. variables.Select(kv => $"{kv.Key}={kv.Value}")], actions);
    }

    private static Dictionary<string, string> EnvironmentOf(IReadOnlyDictionary<string, string?>? changes)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = (string?)entry.Value ?? "";
        }
        foreach (var (name, value) in changes ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                variables.Remove(name);
            }
            else
            {
                variables[name] = value;
            }
        }
        return variables;
    }

    private static AnonymousPipeClientStream PipeOf(int fd, PipeDirection direction) => new(direction, new SafePipeHandle(fd, ownsHandle: true));

    private void Reap()
    {
        PosixSpawn.WaitForExitUnreaped(Pid);
        int code;
        lock (_gate)
        {
            code = PosixSpawn.Reap(Pid);
            _reaped = true;
        }
        _exit.SetResult(code);
    }
}
