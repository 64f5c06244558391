using System.Text;
using Gsd.Processes;

namespace Gsd.Agents;

/// <summary>
/// Runs one agent process at a time in a process group (and session) of its own (<see cref="SessionChild"/>): the
/// prompt on stdin and in <c>GSD_PROMPT_FILE</c>, the GSD_* variables set, output captured and appended to the log. A
/// timeout or a cancellation kills the whole group (SIGTERM, a short grace, SIGKILL), and so does the leader's exit if it
/// left processes behind.
/// </summary>
public sealed class AgentProcess
{
    public static readonly TimeSpan DefaultKillGrace = TimeSpan.FromSeconds(3);

    private const int StdOutKeep = 32 * 1024 * 1024;
    private const int StdErrKeep = 1024 * 1024;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(5);

    private readonly TimeProvider _time;
    private readonly TimeSpan _killGrace;
    private int _processGroupId;

    public AgentProcess(TimeProvider? time = null, TimeSpan? killGrace = null)
    {
        _time = time ?? TimeProvider.System;
        _killGrace = killGrace ?? DefaultKillGrace;
    }

    /// <summary>The group (= pid, = session) of the process running now; null between runs.</summary>
    public int? ProcessGroupId => Volatile.Read(ref _processGroupId) is var pgid && pgid > 0 ? pgid : null;

    /// <param name="stdOutLine">Told each line the agent prints on stdout as it arrives (its event stream); never throws into the run.</param>
    public async Task<AgentProcessResult> RunAsync(AgentLaunch launch, AgentInvocation invocation, CancellationToken ct, Action<string>? stdOutLine = null)
    {
        if (ct.IsCancellationRequested)
        {
            return new AgentProcessResult(-1, TimedOut: false, Interrupted: true, "", "");
        }
        var promptFile = WritePromptFile(invocation.Prompt);
        try
        {
            return await RunCoreAsync(launch, invocation, promptFile, stdOutLine, ct).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _processGroupId, 0);
            TryDelete(promptFile);
        }
    }

    private async Task<AgentProcessResult> RunCoreAsync(AgentLaunch launch, AgentInvocation invocation, string promptFile, Action<string>? stdOutLine, CancellationToken ct)
    {
        if (!Directory.Exists(invocation.WorkingDirectory))
        {
            throw new GsdException($"cannot run the agent in {invocation.WorkingDirectory}: the directory does not exist");
        }
        using var log = AgentLogWriter.Open(invocation.LogFile);
        using var child = SessionChild.StartPiped([launch.Executable, .. launch.Arguments], invocation.WorkingDirectory, EnvironmentOf(launch, invocation, promptFile));
        try
        {
            return await SuperviseAsync(child, launch, invocation, log, stdOutLine, ct).ConfigureAwait(false);
        }
        finally
        {
            // Only reached with the agent still running when something above threw: never leak it.
            if (!child.HasExited)
            {
                child.SignalGroup(NativeMethods.SIGKILL);
            }
        }
    }

    private async Task<AgentProcessResult> SuperviseAsync(SessionChild child, AgentLaunch launch, AgentInvocation invocation, AgentLogWriter log, Action<string>? stdOutLine, CancellationToken ct)
    {
        // A session leader from its first instruction: its pid is its group.
        var group = child.Pid;
        Volatile.Write(ref _processGroupId, group);
        invocation.Started?.Invoke(group);

        var stdout = new CapturedText(StdOutKeep);
        var stderr = new CapturedText(StdErrKeep);
        var pumps = Task.WhenAll(
            PumpAsync(child.StandardOutput!, log, stdout, stdOutLine),
            PumpAsync(child.StandardError!, log, stderr, null),
            FeedAsync(child.StandardInput!, invocation.Prompt));

        using var timeout = launch.Timeout > TimeSpan.Zero && launch.Timeout != Timeout.InfiniteTimeSpan
            ? new CancellationTokenSource(launch.Timeout, _time)
            : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        var timedOut = false;
        var interrupted = false;
        try
        {
            await child.Exited.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            interrupted = ct.IsCancellationRequested;
            timedOut = !interrupted;
            await StopAsync(child).ConfigureAwait(false);
        }
        // Whatever the leader left running (a backgrounded server, a stray sleep) would hold the
        // checkout and our pipes: a finished agent leaves nothing behind.
        if (ProcessGroup.HasLiveMembers(group))
        {
            await ProcessGroup.TerminateAsync(group, _killGrace, _time).ConfigureAwait(false);
        }
        Volatile.Write(ref _processGroupId, 0);

        // A process that escaped the session may still hold the pipes open: never wait for it for ever.
        await Task.WhenAny(pumps, Task.Delay(DrainLimit, _time, CancellationToken.None)).ConfigureAwait(false);
        return new AgentProcessResult(await child.Exited.ConfigureAwait(false), timedOut, interrupted, stdout.ToString(), stderr.ToString());
    }

    private static Dictionary<string, string?> EnvironmentOf(AgentLaunch launch, AgentInvocation invocation, string promptFile)
    {
        var env = new Dictionary<string, string?>(launch.Environment ?? new Dictionary<string, string?>(), StringComparer.Ordinal)
        {
            ["GSD_PROMPT_FILE"] = promptFile,
            ["GSD_UNIT_TYPE"] = invocation.UnitType,
            ["GSD_UNIT_ID"] = invocation.UnitId,
            ["GSD_MILESTONE_ID"] = invocation.MilestoneId,
            ["GSD_PROJECT_ROOT"] = invocation.ProjectRoot,
            ["GSD_WORKTREE"] = invocation.Worktree,
        };
        return env;
    }

    private async Task StopAsync(SessionChild child)
    {
        await ProcessGroup.TerminateAsync(child.Pid, _killGrace, _time).ConfigureAwait(false);
        // The leader ignored SIGTERM and outlived the group's bounded wait: it is still ours (unreaped), so SIGKILL reaches it.
        child.SignalGroup(NativeMethods.SIGKILL);
        await child.Exited.ConfigureAwait(false);
    }

    private static async Task FeedAsync(StreamWriter stdin, string prompt)
    {
        try
        {
            await stdin.WriteAsync(prompt).ConfigureAwait(false);
            await stdin.FlushAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The agent exited (or closed stdin) without reading the whole prompt: that is its choice.
        }
        finally
        {
            try
            {
                stdin.Close();
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>
    /// Copies one stream into the captured text as it comes, and into the log a whole line at a time, so the log's lines
    /// (the agent's JSON events) are never torn by the other stream; a last line without a newline is logged as it is.
    /// </summary>
    private static async Task PumpAsync(StreamReader reader, AgentLogWriter log, CapturedText into, Action<string>? onLine)
    {
        var buffer = new char[8192];
        var lines = new LineSplitter();
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                into.Append(buffer.AsSpan(0, read));
                foreach (var line in lines.Add(buffer.AsSpan(0, read)))
                {
                    log.AppendLine(line, newline: true);
                    Tell(onLine, line);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        if (lines.TakeRest() is { } rest)
        {
            log.AppendLine(rest, newline: false);
            Tell(onLine, rest);
        }
    }

    private static void Tell(Action<string>? onLine, string line)
    {
        if (onLine is null)
        {
            return;
        }
        try
        {
            onLine(line);
        }
#pragma warning disable CA1031 // A reader's fault (live activity is best effort) must not stop the agent's output being read.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private static string WritePromptFile(string prompt)
    {
        var path = Path.Combine(Path.GetTempPath(), $"gsd-prompt-{Environment.ProcessId}-{Guid.NewGuid():N}.md");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // The prompt may quote private code: readable by its owner only.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(path, options))
        {
            stream.Write(Utf8.GetBytes(prompt));
        }
        return path;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
