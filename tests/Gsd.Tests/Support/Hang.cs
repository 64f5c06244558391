namespace Gsd.Tests.Support;

/// <summary>
/// Per-test limits (xunit needs async tests for <c>Timeout</c>): far above a test's normal run on a loaded machine, so
/// only a hang trips them — it fails instead of stalling the suite. Sync end-to-end tests are bounded by their own
/// waits (ProcessRunner, ParallelProject.WaitUntil); xunit.runner.json reports any test running over a minute.
/// </summary>
internal static class Hang
{
    /// <summary>An end-to-end test: real gsd, workers, agents.</summary>
    public const int EndToEnd = 300_000;

    /// <summary>An in-process test on a fake clock.</summary>
    public const int InProcess = 60_000;
}
