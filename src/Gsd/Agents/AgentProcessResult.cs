namespace Gsd.Agents;

/// <summary>How an agent process ended and what it printed (the tail, when it printed a great deal).</summary>
/// <param name="ExitCode">The process's exit code; 128+N when killed by signal N; -1 when it never started.</param>
public sealed record AgentProcessResult(int ExitCode, bool TimedOut, bool Interrupted, string StdOut, string StdErr);
