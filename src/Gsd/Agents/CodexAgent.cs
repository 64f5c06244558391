using Gsd.Preferences;

namespace Gsd.Agents;

/// <summary>
/// OpenAI Codex non-interactively: <c>codex exec --json --sandbox workspace-write [--model M]
/// &lt;args&gt; -</c>, the prompt on stdin (the trailing <c>-</c>); tokens from its JSONL events.
/// exec is read-only by default, so the workspace-write sandbox (Codex's counterpart of claude's
/// acceptEdits) is added unless <c>agent.args</c> choose a sandbox themselves.
/// </summary>
public sealed class CodexAgent : IAgent
{
    /// <summary>Host variable that points gsd at another codex executable.</summary>
    public const string ExecutableVariable = "GSD_CODEX_BIN";

    private static readonly string[] SandboxFlags =
        ["--sandbox", "-s", "--full-auto", "--dangerously-bypass-approvals-and-sandbox", "--yolo"];

    private readonly AgentSettings _settings;
    private readonly string _executable;
    private readonly string? _executableSetBy;
    private readonly AgentProcess _process;

    public CodexAgent(AgentSettings settings, string executable = "codex", string? executableSetBy = null, AgentProcess? process = null)
    {
        _settings = settings;
        _executable = executable;
        _executableSetBy = executableSetBy;
        _process = process ?? new AgentProcess();
    }

    public string Kind => AgentKinds.Codex;

    public int? ProcessGroupId => _process.ProcessGroupId;

    public static IReadOnlyList<string> BuildArguments(AgentSettings settings)
    {
        List<string> args = ["exec", "--json"];
        var choosesSandbox = settings.Args.Any(a => SandboxFlags.Contains(a) || a.StartsWith("--sandbox=", StringComparison.Ordinal));
        if (!choosesSandbox)
        {
            args.AddRange(["--sandbox", "workspace-write"]);
        }
        if (!string.IsNullOrWhiteSpace(settings.Model))
        {
            args.AddRange(["--model", settings.Model]);
        }
        args.AddRange(settings.Args);
        args.Add("-");
        return args;
    }

    public async Task<AgentResult> RunAsync(AgentInvocation invocation, CancellationToken ct)
    {
        var executable = AgentExecutable.Resolve(Kind, _executable, invocation.WorkingDirectory, AgentPath.Of(_settings), _executableSetBy);
        var launch = new AgentLaunch(executable, BuildArguments(_settings), _settings.UnitTimeout, _settings.Environment);
        var process = await _process.RunAsync(launch, invocation, ct).ConfigureAwait(false);
        return AgentOutcome.From("codex", process, CodexEventParser.Parse(process.StdOut), _settings, reportRequired: false);
    }
}
