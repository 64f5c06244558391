namespace Gsd.Planning;

/// <summary>The top-level keys of a file's YAML frontmatter (empty when the file has none or it could not be read).</summary>
internal sealed class Frontmatter(IReadOnlyDictionary<string, FrontmatterValue> values)
{
    public static readonly Frontmatter Empty = new(new Dictionary<string, FrontmatterValue>());

    public IReadOnlyDictionary<string, FrontmatterValue> Values { get; } = values;

    public FrontmatterValue? Get(string key) => Values.GetValueOrDefault(key);

    public string? Scalar(string key)
    {
        var scalar = Get(key)?.Scalar?.Trim();
        return string.IsNullOrEmpty(scalar) ? null : scalar;
    }

    public IReadOnlyList<(string Value, int Line)> List(string key) => Get(key)?.AsList() ?? [];

    internal static string Unquote(string text) =>
        text.Length >= 2 && ((text[0] == '"' && text[^1] == '"') || (text[0] == '\'' && text[^1] == '\''))
            ? text[1..^1].Trim()
            : text;
}
