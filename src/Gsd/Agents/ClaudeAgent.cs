using System.Globalization;
using Gsd.Preferences;

namespace Gsd.Agents;

/// <summary>
/// Claude Code in print mode: <c>claude -p --output-format json --permission-mode acceptEdits
/// [--model M] [--max-budget-usd R] &lt;args&gt;</c>, the prompt on stdin; cost, tokens, model and
/// session from the JSON result it prints (DESIGN §5).
/// </summary>
public sealed class ClaudeAgent : IAgent
{
    /// <summary>Host variable that points gsd at another claude executable (tests use the pinned one in .tools/).</summary>
    public const string ExecutableVariable = "GSD_CLAUDE_BIN";

    private readonly AgentSettings _settings;
    private readonly string _executable;
    private readonly string? _executableSetBy;
    private readonly AgentProcess _process;

    /// <param name="executable">A name looked up on PATH or a path; "claude" by default.</param>
    /// <param name="executableSetBy">Where a non-default executable came from, named in the not-installed error.</param>
    public ClaudeAgent(AgentSettings settings, string executable = "claude", string? executableSetBy = null, AgentProcess? process = null)
    {
        _settings = settings;
        _executable = executable;
        _executableSetBy = executableSetBy;
        _process = process ?? new AgentProcess();
    }

    public string Kind => AgentKinds.Claude;

    public int? ProcessGroupId => _process.ProcessGroupId;

    public static IReadOnlyList<string> BuildArguments(AgentSettings settings)
    {
        List<string> args = ["-p", "--output-format", "json", "--permission-mode", "acceptEdits"];
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

    public async Task<AgentResult> RunAsync(AgentInvocation invocation, CancellationToken ct)
    {
        var executable = AgentExecutable.Resolve(Kind, _executable, invocation.WorkingDirectory, AgentPath.Of(_settings), _executableSetBy);
        var launch = new AgentLaunch(executable, BuildArguments(_settings), _settings.UnitTimeout, _settings.Environment);
        var process = await _process.RunAsync(launch, invocation, ct).ConfigureAwait(false);
        return AgentOutcome.From("claude", process, ClaudeResultParser.Parse(process.StdOut), _settings, reportRequired: true);
    }
}
