using Gsd.Processes;

namespace Gsd.Tests.Auto;

/// <summary>Waits for a condition by polling. The limit only keeps a broken build from hanging the run: no test asserts on time.</summary>
public static class Eventually
{
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    public static void True(Func<bool> condition, Func<string> describe, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? Limit);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Condition not met in time: {describe()}");
            }
            Thread.Sleep(50);
        }
    }

    public static T Value<T>(Func<T?> read, Func<T, bool> accept, Func<string> describe, TimeSpan? limit = null)
        where T : class
    {
        T? value = null;
        True(() => (value = read()) is not null && accept(value), describe, limit);
        return value!;
    }

    public static void Gone(IEnumerable<int> pids, string what)
    {
        foreach (var pid in pids)
        {
            True(() => !ProcessIdentity.IsPidAlive(pid), () => $"{what}: pid {pid} is still running");
        }
    }
}
