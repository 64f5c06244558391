using Gsd.IO;

namespace Gsd.Tests.IO;

public sealed class NameSuggestionTests
{
    [Theory]
    [InlineData("qeue", "queue")] // a letter left out
    [InlineData("statsu", "status")] // two neighbours swapped: one slip
    [InlineData("STATUS", "status")] // case costs nothing
    [InlineData("max-workers", "max_workers")] // nor dash for underscore
    public void The_closest_name_within_a_slip_or_two(string typed, string expected) =>
        NameSuggestion.Closest(typed, ["queue", "status", "start", "max_workers"]).ShouldBe(expected);

    [Theory]
    [InlineData("zzzzzz")]
    [InlineData("qu")] // short names allow one slip only
    public void Nothing_when_no_name_is_close(string typed) =>
        NameSuggestion.Closest(typed, ["queue", "status", "start"]).ShouldBeNull();

    [Theory]
    [InlineData("ab", "ba", 1)]
    [InlineData("abc", "ca", 3)] // optimal string alignment: no edits to a swapped pair
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    public void Distance_counts_insertions_deletions_substitutions_and_swaps(string a, string b, int distance) =>
        NameSuggestion.Distance(a, b).ShouldBe(distance);
}
