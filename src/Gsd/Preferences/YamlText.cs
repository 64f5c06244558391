using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gsd.Preferences;

/// <summary>How YAML nodes read and how they are shown in messages.</summary>
internal static class YamlText
{
    private const int MaxShown = 60;

    /// <summary>An unquoted <c>null</c>, <c>~</c> or nothing at all. A quoted "null" is a string.</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode scalar
        && IsPlain(scalar)
        && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    /// <summary>Unquoted (plain) scalars are the only ones that can be numbers or booleans.</summary>
    public static bool IsPlain(YamlScalarNode scalar) => scalar.Style is ScalarStyle.Plain or ScalarStyle.Any;

    /// <summary>The value as the user wrote it: <c>9</c>, <c>"true"</c>, <c>a map</c>, <c>a list</c>.</summary>
    public static string Show(YamlNode node) => node switch
    {
        YamlMappingNode => "a map",
        YamlSequenceNode sequence => sequence.Children.Count == 0 ? "[]" : "a list",
        YamlScalarNode scalar when IsNull(scalar) => string.IsNullOrEmpty(scalar.Value) ? "(empty)" : scalar.Value,
        YamlScalarNode scalar when IsPlain(scalar) => Shorten(scalar.Value ?? ""),
        YamlScalarNode scalar => $"\"{Shorten((scalar.Value ?? "").Replace("\n", "\\n", StringComparison.Ordinal))}\"",
        _ => "(unreadable value)",
    };

    private static string Shorten(string text) => text.Length <= MaxShown ? text : text[..MaxShown] + "…";
}
