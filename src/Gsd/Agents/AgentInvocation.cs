namespace Gsd.Agents;

/// <summary>
/// One agent run: the prompt goes to the process on stdin and into the file named by
/// <c>GSD_PROMPT_FILE</c>; the other fields become the <c>GSD_*</c> variables of ARCHITECTURE §5.
/// </summary>
/// <param name="WorkingDirectory">The checkout the agent works in (its current directory).</param>
/// <param name="LogFile">When set, the agent's stdout and stderr are appended to this file as they arrive, a line at a time.</param>
public sealed record AgentInvocation(
    string WorkingDirectory,
    string Prompt,
    string UnitType,
    string UnitId,
    string MilestoneId,
    string ProjectRoot,
    string Worktree,
    string? LogFile)
{
    /// <summary>Called with the agent's pid (= its process group) once it runs in a group of its own, so a worker can record it.</summary>
    public Action<int>? Started { get; init; }

    /// <summary>Told what the agent is doing and has spent each time its event stream moves (often: throttle before writing files).</summary>
    public Action<AgentProgress>? Progress { get; init; }
}
