using System.Text.RegularExpressions;

namespace Gsd.Agents;

/// <summary>
/// Classifies a failed agent run (ARCHITECTURE §5) from what every adapter gives: the exit code, the report's
/// <c>api_error_status</c>/<c>api_error_type</c> when Claude Code printed them, and the error text and stderr —
/// so it works with Claude Code's json or stream-json result and with Codex's error events alike. Order matters:
/// a usage limit wins over anything else it mentions; a permanent cause over a transient-looking status line.
/// </summary>
public static partial class FailureClassifier
{
    /// <summary>None for a run that did not fail; a gsd timeout or an interruption is a plain failure.</summary>
    public static AgentFailure Classify(AgentResult result, DateTimeOffset now)
    {
        if (!result.IsError && result.ExitCode == 0)
        {
            return new AgentFailure(AgentFailureClass.None, string.Empty);
        }
        var message = result.ErrorText ?? $"exit code {result.ExitCode}";
        if (result.TimedOut || result.Interrupted)
        {
            return new AgentFailure(AgentFailureClass.Failed, message);
        }
        var text = string.Join('\n', new[] { result.ErrorText, result.StdErr }.Where(t => !string.IsNullOrWhiteSpace(t)));
        return Classify(text, result.ApiErrorStatus, result.ApiErrorType, now) with { Message = message };
    }

    /// <summary>Classifies the agent's words alone (and the HTTP status and error type, when known).</summary>
    public static AgentFailure Classify(string text, int? apiStatus, string? apiErrorType, DateTimeOffset now)
    {
        var line = DecidingLine(text);
        if (UsageLimit().IsMatch(text) || apiStatus == 429 || apiErrorType == "rate_limit_error" || RateLimit().IsMatch(text))
        {
            return new AgentFailure(AgentFailureClass.RateLimit, line(UsageLimit(), RateLimit()), ResetTime.Parse(text, now));
        }
        if (apiStatus is 401 or 402 or 403 || apiErrorType is "authentication_error" or "permission_error" or "billing_error" || Permanent().IsMatch(text))
        {
            return new AgentFailure(AgentFailureClass.Permanent, line(Permanent(), null));
        }
        if (apiStatus is 404 && (apiErrorType == "not_found_error" || ModelMissing().IsMatch(text)))
        {
            return new AgentFailure(AgentFailureClass.Permanent, line(ModelMissing(), null));
        }
        if (apiStatus is >= 500 and < 600 || apiErrorType is "overloaded_error" or "api_error" || Transient().IsMatch(text))
        {
            return new AgentFailure(AgentFailureClass.Transient, line(Transient(), null));
        }
        return new AgentFailure(AgentFailureClass.Failed, text.Trim());
    }

    /// <summary>The first line a pattern matched (else the whole text), to show without the noise around it.</summary>
    private static Func<Regex, Regex?, string> DecidingLine(string text) => (first, second) =>
    {
        var lines = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return lines.FirstOrDefault(first.IsMatch) ?? (second is null ? null : lines.FirstOrDefault(second.IsMatch)) ?? text.Trim();
    };

    // Claude Code: "You've hit your limit · resets 1pm (Europe/Lisbon)", "You've hit your session limit · resets …",
    // "Claude AI usage limit reached|1750708800"; Codex: "You’ve hit your usage limit. … Try again at 3:04 PM."
    [GeneratedRegex(@"(you(?:'|’|`)?ve hit your (?:[\w-]+ )*limit|usage limit reached|usage_limit_reached|usage limit has been reached)", RegexOptions.IgnoreCase)]
    private static partial Regex UsageLimit();

    [GeneratedRegex(@"(API Error: (?:Request rejected )?\(?429\b|\b429 Too Many Requests|rate_limit_error|rate[- ]limit(?:ed| exceeded| reached)|too many requests|last status: 429)", RegexOptions.IgnoreCase)]
    private static partial Regex RateLimit();

    [GeneratedRegex(@"(invalid api key|invalid x-api-key|authentication_error|authentication failed|\b401\b.*unauthori[sz]ed|unauthori[sz]ed.*\b401\b|not logged in|please run /login|oauth token (?:has )?(?:expired|been revoked)|permission_error|billing_error|credit balance (?:is )?too low|insufficient_quota|exceeded your current quota|payment required|fix external api key|model[^\n]{0,80}(?:not found|(?:does|may) not exist|not available|is not supported|not supported)|not_found_error[^\n]{0,80}model)", RegexOptions.IgnoreCase)]
    private static partial Regex Permanent();

    [GeneratedRegex(@"(model[^\n]{0,80}(?:not found|does not exist|not available)|not_found_error)", RegexOptions.IgnoreCase)]
    private static partial Regex ModelMissing();

    [GeneratedRegex(@"(overloaded|\b529\b|API Error: 5\d\d\b|\b50[0234] (?:Internal Server Error|Bad Gateway|Service Unavailable|Gateway Timeout)|internal server error|service unavailable|bad gateway|gateway timeout|ECONNRESET|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|socket hang up|connection (?:reset|refused|error|closed)|network error|request timed out|timed out waiting|stream error|stream disconnected|error sending request|fetch failed)", RegexOptions.IgnoreCase)]
    private static partial Regex Transient();
}
