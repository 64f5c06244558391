using System.Globalization;

namespace Gsd.Agents;

/// <summary>Combines how the process ended with what the agent reported into an <see cref="AgentResult"/>.</summary>
internal static class AgentOutcome
{
    private const int ErrorTailChars = 4000;

    /// <param name="reportRequired">The agent always prints a report (claude): its absence is an error.</param>
    /// <param name="soFar">What the event stream showed; its cost and tokens count when the agent stopped before reporting its own.</param>
    public static AgentResult From(string agentName, AgentProcessResult process, AgentReport? report, AgentSettings settings, bool reportRequired, AgentProgress? soFar = null)
    {
        var errorText = ErrorText(agentName, process, report, settings, reportRequired);
        // No report (stopped, timed out, crashed): what the stream showed was spent is still spent.
        var streamed = report is null && soFar is { } p && (p.Cost > 0 || p.Tokens.Total > 0) ? p : null;
        return new AgentResult(
            process.ExitCode,
            process.TimedOut,
            process.Interrupted,
            report?.Cost ?? streamed?.Cost ?? 0m,
            report?.Tokens ?? streamed?.Tokens ?? TokenUsage.Zero,
            report?.Model ?? streamed?.Model ?? settings.Model,
            report?.SessionId,
            errorText is not null,
            errorText,
            report?.Output ?? process.StdOut)
        {
            CostUnknown = report?.CostUnknown ?? false,
            ApiErrorStatus = report?.ApiErrorStatus,
            ApiErrorType = report?.ApiErrorType,
            PermissionDenials = report?.PermissionDenials ?? [],
            StdErr = errorText is null ? string.Empty : Tail(process.StdErr),
            CostEstimated = streamed?.CostEstimated ?? false,
        };
    }

    private static string? ErrorText(string agentName, AgentProcessResult process, AgentReport? report, AgentSettings settings, bool reportRequired)
    {
        if (process.TimedOut)
        {
            return $"{agentName} did not finish within agent.unit_timeout ({Describe(settings.UnitTimeout)}) and was killed with its process group";
        }
        if (process.Interrupted)
        {
            return $"{agentName} was interrupted (its process group was stopped)";
        }
        if (report is { IsError: true })
        {
            var exit = process.ExitCode == 0 ? "" : $" (exit code {process.ExitCode})";
            return $"{agentName} reported an error{exit}: {report.ErrorText}";
        }
        if (process.ExitCode != 0)
        {
            var tail = Tail(process.StdErr.Trim().Length > 0 ? process.StdErr : process.StdOut);
            var code = $"{process.ExitCode}{SignalName(process.ExitCode)}";
            return tail.Length == 0
                ? $"{agentName} exited with code {code}"
                : $"{agentName} exited with code {code}:\n{tail}";
        }
        if (report is null && reportRequired)
        {
            var tail = Tail(process.StdErr.Trim().Length > 0 ? process.StdErr : process.StdOut);
            return $"{agentName} exited 0 but printed no JSON result{(tail.Length == 0 ? "" : ":\n" + tail)}";
        }
        return null;
    }

    /// <summary>A shell reports death by signal N as exit code 128 + N: name the signal, which says more than the number.</summary>
    private static string SignalName(int exitCode) => (exitCode - 128) switch
    {
        6 => " (killed by SIGABRT)",
        9 => " (killed by SIGKILL: out of memory, or killed from outside)",
        11 => " (killed by SIGSEGV: the agent crashed)",
        15 => " (killed by SIGTERM)",
        _ => string.Empty,
    };

    private static string Tail(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length <= ErrorTailChars ? trimmed : "…" + trimmed[^ErrorTailChars..];
    }

    private static string Describe(TimeSpan timeout) =>
        timeout.TotalSeconds < 120
            ? timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s"
            : timeout.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture) + "m";
}
