using System.Globalization;
using Gsd.Preferences;

namespace Gsd.Agents;

/// <summary>
/// Claude Code in print mode: <c>claude -p --output-format stream-json --verbose --permission-mode MODE
/// [--allowedTools T,…] [--model M] [--max-budget-usd R] &lt;args&gt;</c>, the prompt on stdin; activity and tokens from
/// its events as it works, cost, tokens, model and session from the result event it ends with (ARCHITECTURE §5). MODE
/// and T come from agent.permission_mode and agent.allowed_tools (by default acceptEdits + Bash, so an unattended agent
/// can run the task's checks).
/// </summary>
public sealed class ClaudeAgent : ExecutableAgent
{
    /// <summary>Host variable that points gsd at another claude executable (tests use the pinned one in .tools/).</summary>
    public const string ExecutableVariable = "GSD_CLAUDE_BIN";

    /// <param name="executable">A name looked up on PATH or a path; "claude" by default.</param>
    /// <param name="executableSetBy">Where a non-default executable came from, named in the not-installed error.</param>
    public ClaudeAgent(AgentSettings settings, string executable = "claude", string? executableSetBy = null, AgentProcess? process = null)
        : base(AgentKinds.Claude, settings, executable, executableSetBy, process)
    {
    }

    public static IReadOnlyList<string> BuildArguments(AgentSettings settings)
    {
        // stream-json: one event a line as the agent works (live activity, tokens so far), the result event last.
        List<string> args = ["-p", "--output-format", "stream-json", "--verbose", "--permission-mode", settings.PermissionMode];
        if (settings.AllowedTools.Count > 0)
        {
            // One comma-separated value, so the variadic option cannot swallow what follows.
            args.AddRange(["--allowedTools", string.Join(',', settings.AllowedTools)]);
        }
        if (!string.IsNullOrWhiteSpace(settings.Model))
        {
            args.AddRange(["--model", settings.Model]);
        }
        if (settings.MaxBudgetUsd is { } budget)
        {
            args.AddRange(["--max-budget-usd", budget.ToString(CultureInfo.InvariantCulture)]);
        }
        args.AddRange(settings.Args);
        return args;
    }

    private protected override IReadOnlyList<string> Arguments => BuildArguments(Settings);

    private protected override bool ReportRequired => true;

    private protected override AgentReport? ReadReport(string stdOut) => ClaudeResultParser.Parse(stdOut);
}
