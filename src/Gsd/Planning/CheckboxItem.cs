namespace Gsd.Planning;

/// <summary>
/// A parsed <c>- [x] **S01: Title** `risk:low` `depends:[S01]` `est:30m`</c> line: id, title, tick, and the
/// backtick tags the model uses (null when absent).
/// </summary>
internal sealed record CheckboxItem(string Id, string Title, bool Done, string? Risk, string? Depends, string? Estimate);
