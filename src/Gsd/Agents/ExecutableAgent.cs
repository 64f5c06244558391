using Gsd.Preferences;

namespace Gsd.Agents;

/// <summary>
/// An agent that is one executable run per unit: resolve it (PATH or path), launch it in its own process group with the
/// prompt on stdin, and read its report from stdout. The adapters differ only in argv and in how their output is read.
/// </summary>
public abstract class ExecutableAgent : IAgent
{
    private readonly string _executable;
    private readonly string? _executableSetBy;
    private readonly AgentProcess _process;

    /// <param name="executable">A name looked up on PATH or a path.</param>
    /// <param name="executableSetBy">Where a non-default executable came from, named in the not-installed error.</param>
    /// <param name="process">Runs the agent process; null = a new one with the system clock.</param>
    private protected ExecutableAgent(string kind, AgentSettings settings, string executable, string? executableSetBy, AgentProcess? process)
    {
        Kind = kind;
        Settings = settings;
        _executable = executable;
        _executableSetBy = executableSetBy;
        _process = process ?? new AgentProcess();
    }

    public string Kind { get; }

    public int? ProcessGroupId => _process.ProcessGroupId;

    private protected AgentSettings Settings { get; }

    /// <summary>The arguments after the executable.</summary>
    private protected abstract IReadOnlyList<string> Arguments { get; }

    /// <summary>The agent's name in results and errors.</summary>
    private protected virtual string Name => Kind;

    /// <summary>Whether a run without a parseable report is an error (claude always prints one).</summary>
    private protected virtual bool ReportRequired => false;

    /// <summary>Cost, tokens, model and session read from what the agent printed; null when it printed none.</summary>
    private protected abstract AgentReport? ReadReport(string stdOut);

    public async Task<AgentResult> RunAsync(AgentInvocation invocation, CancellationToken ct)
    {
        var executable = AgentExecutable.Resolve(Kind, _executable, invocation.WorkingDirectory, AgentPath.Of(Settings), _executableSetBy, Settings.PreferencesFile);
        var launch = new AgentLaunch(executable, Arguments, Settings.UnitTimeout, Settings.Environment);
        var events = AgentEventReader.For(Kind, invocation.Progress);
        var process = await _process.RunAsync(launch, invocation, ct, events.ReadLine).ConfigureAwait(false);
        return AgentOutcome.From(Name, process, ReadReport(process.StdOut), Settings, ReportRequired, events.Current);
    }
}
