using Gsd.Preferences;

namespace Gsd.Agents;

/// <summary>
/// OpenAI Codex non-interactively: <c>codex exec --json --sandbox workspace-write [--model M]
/// &lt;args&gt; -</c>, the prompt on stdin (the trailing <c>-</c>); tokens from its JSONL events.
/// exec is read-only by default, so the workspace-write sandbox (Codex's counterpart of claude's
/// acceptEdits) is added unless <c>agent.args</c> choose a sandbox themselves.
/// </summary>
public sealed class CodexAgent : ExecutableAgent
{
    /// <summary>Host variable that points gsd at another codex executable.</summary>
    public const string ExecutableVariable = "GSD_CODEX_BIN";

    private static readonly string[] SandboxFlags =
        ["--sandbox", "-s", "--full-auto", "--dangerously-bypass-approvals-and-sandbox", "--yolo"];

    public CodexAgent(AgentSettings settings, string executable = "codex", string? executableSetBy = null, AgentProcess? process = null)
        : base(AgentKinds.Codex, settings, executable, executableSetBy, process)
    {
    }

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

    private protected override IReadOnlyList<string> Arguments => BuildArguments(Settings);

    private protected override AgentReport? ReadReport(string stdOut) => CodexEventParser.Parse(stdOut);
}
