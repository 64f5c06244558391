using System.Globalization;
using Gsd.Agents;
using Gsd.Preferences;

namespace Gsd.Tests.Support;

/// <summary>
/// Small bash agents for tests, run through <c>agent.kind: command</c>: one that succeeds and prints
/// a claude-shaped JSON result with a cost, one that fails, one that crashes, one that hangs with
/// grandchildren (recording their pids), and one that records what it was given.
/// Each method writes the script into <paramref name="dir"/> and returns its path.
/// </summary>
public static class TestAgents
{
    /// <summary>Reads the prompt from stdin, optionally writes <paramref name="writeFile"/> (relative to its working directory), prints a claude-shaped result.</summary>
    public static string Succeeding(string dir, decimal cost = 0.0123m, TokenUsage? tokens = null, string? writeFile = null, string writeContent = "written by the test agent\n", string model = "test-model", string name = "succeeding-agent")
    {
        var t = tokens ?? new TokenUsage(1000, 200, 300, 400);
        var c = cost.ToString(CultureInfo.InvariantCulture);
        var json = "{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\"done\",\"session_id\":\"test-session\"," +
            $"\"total_cost_usd\":{c},\"usage\":{{\"input_tokens\":{t.Input},\"output_tokens\":{t.Output}," +
            $"\"cache_read_input_tokens\":{t.CacheRead},\"cache_creation_input_tokens\":{t.CacheWrite}}}," +
            $"\"modelUsage\":{{\"{model}\":{{\"costUSD\":{c}}}}}}}";
        var write = writeFile is null
            ? ""
            : $"mkdir -p \"$(dirname {Q(writeFile)})\"\nprintf '%s' {Q(writeContent)} > {Q(writeFile)}\n";
        return WriteScript(dir, name, $"""
            cat > /dev/null
            echo "working on $GSD_UNIT_ID" >&2
            {write}printf '%s\n' {Q(json)}
            """);
    }

    /// <summary>Prints <paramref name="message"/> on stderr and exits with <paramref name="exitCode"/>.</summary>
    public static string Failing(string dir, int exitCode = 3, string message = "test agent failed on purpose", string name = "failing-agent") =>
        WriteScript(dir, name, $"""
            cat > /dev/null
            printf '%s\n' {Q(message)} >&2
            exit {exitCode.ToString(CultureInfo.InvariantCulture)}
            """);

    /// <summary>Dies of SIGSEGV (exit code 139) after printing half a line.</summary>
    public static string Crashing(string dir, string name = "crashing-agent") =>
        WriteScript(dir, name, """
            printf 'half a li'
            kill -SEGV $$
            """);

    /// <summary>
    /// Never finishes: starts a background sleep and a shell with a sleep of its own, then waits.
    /// Appends four pids to <paramref name="pidFile"/> (sleep, sh, its sleep, the script), then the line "ready".
    /// With <paramref name="ignoreTerm"/> every one of them ignores SIGTERM, so only SIGKILL stops them.
    /// </summary>
    public static string Hanging(string dir, string pidFile, bool ignoreTerm = false, string name = "hanging-agent") =>
        WriteScript(dir, name, $"""
            {(ignoreTerm ? "trap '' TERM" : "")}
            pids={Q(pidFile)}
            sleep 1000 & echo $! >> "$pids"
            sh -c 'sleep 1000 & echo $! >> "$1"; exec sleep 1000' sh "$pids" & echo $! >> "$pids"
            echo $$ >> "$pids"
            until [ "$(wc -l < "$pids")" -ge 4 ]; do sleep 0.05; done
            echo ready >> "$pids"
            wait
            """);

    /// <summary>Exits 0 at once but leaves a background sleep running; its pid goes to <paramref name="pidFile"/>.</summary>
    public static string LeavingBackgroundProcess(string dir, string pidFile, string name = "leaving-agent") =>
        WriteScript(dir, name, $"""
            cat > /dev/null
            sleep 1000 & echo $! > {Q(pidFile)}
            echo finished
            """);

    /// <summary>
    /// Records what it was given into <paramref name="outDir"/>: argv.txt (one argument a line),
    /// env.txt (cwd and the GSD_* variables), prompt-file.txt (a copy of $GSD_PROMPT_FILE),
    /// prompt-file-path.txt, stdin.txt; prints "out" on stdout and "err" on stderr.
    /// </summary>
    public static string Recording(string dir, string outDir, string name = "recording-agent") =>
        WriteScript(dir, name, $$"""
            out={{Q(outDir)}}
            mkdir -p "$out"
            printf '%s\n' "$@" > "$out/argv.txt"
            {
              echo "cwd=$PWD"
              for v in GSD_UNIT_TYPE GSD_UNIT_ID GSD_MILESTONE_ID GSD_PROJECT_ROOT GSD_WORKTREE EXTRA_VAR; do
                echo "$v=${!v-<unset>}"
              done
            } > "$out/env.txt"
            printf '%s' "$GSD_PROMPT_FILE" > "$out/prompt-file-path.txt"
            cp "$GSD_PROMPT_FILE" "$out/prompt-file.txt"
            cat > "$out/stdin.txt"
            echo out
            echo err >&2
            """);

    /// <summary>Settings for <c>agent.kind: command</c> running <paramref name="script"/>.</summary>
    public static AgentSettings Settings(string script, TimeSpan? timeout = null, IReadOnlyList<string>? args = null, string? model = null) =>
        new(AgentKinds.Command, [script], model, args ?? [], timeout ?? TimeSpan.FromMinutes(5), null);

    /// <summary>An invocation in <paramref name="workingDirectory"/> for unit M001/S01/T01.</summary>
    public static AgentInvocation Invocation(string workingDirectory, string prompt = "Do the task.\n", string? logFile = null) =>
        new(workingDirectory, prompt, "execute-task", "M001/S01/T01", "M001", workingDirectory, workingDirectory, logFile);

    public static string WriteScript(string dir, string name, string body)
    {
        Directory.CreateDirectory(dir);
        var path = System.IO.Path.Combine(dir, name);
        File.WriteAllText(path, "#!/usr/bin/env bash\n" + body.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        }
        return path;
    }

    /// <summary>Quotes a string for bash.</summary>
    public static string Q(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
