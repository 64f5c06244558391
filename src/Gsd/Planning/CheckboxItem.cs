namespace Gsd.Planning;

/// <summary>A parsed <c>- [x] **S01: Title** `key:value` …</c> line: id, title, tick and backtick tags.</summary>
internal sealed record CheckboxItem(string Id, string Title, bool Done, IReadOnlyDictionary<string, string> Tags);
