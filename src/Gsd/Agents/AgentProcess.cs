using System.Diagnostics;
using System.Text;
using Gsd.Processes;

namespace Gsd.Agents;

/// <summary>
/// Runs one agent process at a time in a process group (and session) of its own, started through
/// <c>setsid</c>: the prompt on stdin and in <c>GSD_PROMPT_FILE</c>, the GSD_* variables set, output
/// captured and appended to the log. A timeout or a cancellation kills the whole group (SIGTERM,
/// a short grace, SIGKILL), and so does the leader's exit if it left processes behind.
/// </summary>
public sealed class AgentProcess
{
    public static readonly TimeSpan DefaultKillGrace = TimeSpan.FromSeconds(3);

    private const int StdOutKeep = 32 * 1024 * 1024;
    private const int StdErrKeep = 1024 * 1024;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private static readonly TimeSpan GroupSetupLimit = TimeSpan.FromSeconds(5);
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
        using var process = new Process { StartInfo = BuildStartInfo(launch, invocation, promptFile) };
        process.Start();
        try
        {
            return await SuperviseAsync(process, launch, invocation, log, stdOutLine, ct).ConfigureAwait(false);
        }
        finally
        {
            // Only reached with the agent still running when something above threw: never leak it.
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private async Task<AgentProcessResult> SuperviseAsync(Process process, AgentLaunch launch, AgentInvocation invocation, AgentLogWriter log, Action<string>? stdOutLine, CancellationToken ct)
    {
        var pgid = await WaitForOwnGroupAsync(process).ConfigureAwait(false);
        Volatile.Write(ref _processGroupId, pgid ?? 0);
        if (pgid is int started)
        {
            invocation.Started?.Invoke(started);
        }

        var stdout = new CapturedText(StdOutKeep);
        var stderr = new CapturedText(StdErrKeep);
        var pumps = Task.WhenAll(
            PumpAsync(process.StandardOutput, log, stdout, stdOutLine),
            PumpAsync(process.StandardError, log, stderr, null),
            FeedAsync(process.StandardInput, invocation.Prompt));

        using var timeout = launch.Timeout > TimeSpan.Zero && launch.Timeout != Timeout.InfiniteTimeSpan
            ? new CancellationTokenSource(launch.Timeout, _time)
            : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        var timedOut = false;
        var interrupted = false;
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            interrupted = ct.IsCancellationRequested;
            timedOut = !interrupted;
            await StopAsync(process, pgid).ConfigureAwait(false);
        }
        // Whatever the leader left running (a backgrounded server, a stray sleep) would hold the
        // checkout and our pipes: a finished agent leaves nothing behind.
        if (pgid is int group && ProcessGroup.HasLiveMembers(group))
        {
            await ProcessGroup.TerminateAsync(group, _killGrace, _time).ConfigureAwait(false);
        }
        Volatile.Write(ref _processGroupId, 0);

        // A process that escaped the session may still hold the pipes open: never wait for it for ever.
        await Task.WhenAny(pumps, Task.Delay(DrainLimit, _time, CancellationToken.None)).ConfigureAwait(false);
        return new AgentProcessResult(process.ExitCode, timedOut, interrupted, stdout.ToString(), stderr.ToString());
    }

    private static ProcessStartInfo BuildStartInfo(AgentLaunch launch, AgentInvocation invocation, string promptFile)
    {
        var psi = SessionStart.StartInfo([launch.Executable, .. launch.Arguments], invocation.WorkingDirectory, launch.Environment);
        psi.RedirectStandardInput = true;
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.StandardInputEncoding = Utf8;
        psi.StandardOutputEncoding = Utf8;
        psi.StandardErrorEncoding = Utf8;
        psi.Environment["GSD_PROMPT_FILE"] = promptFile;
        psi.Environment["GSD_UNIT_TYPE"] = invocation.UnitType;
        psi.Environment["GSD_UNIT_ID"] = invocation.UnitId;
        psi.Environment["GSD_MILESTONE_ID"] = invocation.MilestoneId;
        psi.Environment["GSD_PROJECT_ROOT"] = invocation.ProjectRoot;
        psi.Environment["GSD_WORKTREE"] = invocation.Worktree;
        return psi;
    }

    /// <summary>
    /// setsid(1) makes the child a session and group leader before it execs the agent; until it has,
    /// the child is still in our group, which must never be signalled. Null when the child exited first.
    /// </summary>
    private async Task<int?> WaitForOwnGroupAsync(Process process)
    {
        var pid = process.Id;
        var started = _time.GetTimestamp();
        while (true)
        {
            var pgid = ProcessGroup.Of(pid);
            if (pgid == pid)
            {
                return pid;
            }
            if (pgid is null || process.HasExited)
            {
                return null;
            }
            if (_time.GetElapsedTime(started) > GroupSetupLimit)
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"agent process {pid} did not become a process group leader through {Setsid.Path}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(1), _time).ConfigureAwait(false);
        }
    }

    private async Task StopAsync(Process process, int? pgid)
    {
        if (pgid is int group)
        {
            await ProcessGroup.TerminateAsync(group, _killGrace, _time).ConfigureAwait(false);
        }
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
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
