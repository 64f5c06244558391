using Gsd.Preferences;

namespace Gsd.Tests.Preferences;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("30m", 30 * 60_000L)]
    [InlineData("90s", 90_000L)]
    [InlineData("1h", 3_600_000L)]
    [InlineData("1h30m", 5_400_000L)]
    [InlineData("500ms", 500L)]
    [InlineData("1m500ms", 60_500L)]
    [InlineData("2h0m5s", 7_205_000L)]
    [InlineData("0s", 0L)]
    public void Parses_hours_minutes_seconds_and_milliseconds(string text, long milliseconds)
    {
        DurationText.TryParse(text, out var value).ShouldBeTrue();
        value.ShouldBe(TimeSpan.FromMilliseconds(milliseconds));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("30")]
    [InlineData("m")]
    [InlineData("30 m")]
    [InlineData("1h30")]
    [InlineData("30m1h")]
    [InlineData("1.5h")]
    [InlineData("-5m")]
    [InlineData("5M")]
    [InlineData("1d")]
    [InlineData("999999999h")]
    public void Rejects_anything_else(string? text)
    {
        DurationText.TryParse(text, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData(5_400_000L, "1h30m")]
    [InlineData(500L, "500ms")]
    [InlineData(1_800_000L, "30m")]
    [InlineData(0L, "0s")]
    [InlineData(3_661_001L, "1h1m1s1ms")]
    public void Formats_back_to_the_same_text(long milliseconds, string text)
    {
        var value = TimeSpan.FromMilliseconds(milliseconds);

        DurationText.Format(value).ShouldBe(text);
        DurationText.TryParse(text, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(value);
    }
}
