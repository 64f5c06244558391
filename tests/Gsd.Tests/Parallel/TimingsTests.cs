using Gsd.Protocol;

namespace Gsd.Tests.Parallel;

/// <summary>The one timings record: defaults are the documented values, and GSD_TIMINGS is parsed strictly.</summary>
public sealed class TimingsTests
{
    [Fact]
    public void Defaults_are_the_values_gsd_has_always_used()
    {
        var t = Timings.Default;
        t.Heartbeat.ShouldBe(TimeSpan.FromSeconds(2));
        t.DeadAfter.ShouldBe(TimeSpan.FromSeconds(30));
        t.CoordinatorTick.ShouldBe(TimeSpan.FromSeconds(1));
        t.StopGrace.ShouldBe(TimeSpan.FromSeconds(10));
        t.HungWorkerGrace.ShouldBe(TimeSpan.FromSeconds(5));
        t.StartWait.ShouldBe(TimeSpan.FromSeconds(60));
        t.SignalPoll.ShouldBe(TimeSpan.FromMilliseconds(250));
    }

    [Fact]
    public void Gsd_timings_sets_the_keys_it_names_and_leaves_the_rest()
    {
        var t = Timings.Parse("heartbeat=200ms, deadAfter=2s,TICK=0.5s", Timings.Default);
        t.Heartbeat.ShouldBe(TimeSpan.FromMilliseconds(200));
        t.DeadAfter.ShouldBe(TimeSpan.FromSeconds(2));
        t.CoordinatorTick.ShouldBe(TimeSpan.FromMilliseconds(500));
        t.StopGrace.ShouldBe(Timings.Default.StopGrace);
    }

    [Theory]
    [InlineData("heartbeat", "'heartbeat' is not key=duration")]
    [InlineData("hartbeat=2s", "unknown key 'hartbeat'")]
    [InlineData("deadAfter=30", "deadAfter='30' is not a duration")]
    [InlineData("deadAfter=-1s", "deadAfter='-1s' is not a duration")]
    [InlineData("tick=fast", "tick='fast' is not a duration")]
    public void A_bad_value_is_an_error_naming_the_variable_and_the_key(string text, string message)
    {
        var ex = Should.Throw<GsdException>(() => Timings.Parse(text, Timings.Default));
        ex.Message.ShouldStartWith("GSD_TIMINGS: ");
        ex.Message.ShouldContain(message);
    }
}
