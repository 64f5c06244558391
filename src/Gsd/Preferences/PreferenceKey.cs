using YamlDotNet.RepresentationModel;

namespace Gsd.Preferences;

/// <summary>
/// One key gsd reads: where it lives, how its value is read and checked, and how the
/// <c>gsd init</c> template shows it (<see cref="TemplateValue"/> must load to the default).
/// </summary>
internal sealed record PreferenceKey(
    string Section,
    string Name,
    string TemplateValue,
    string Comment,
    Func<PreferenceNodeReader, string, YamlNode, ReadOutcome> Read)
{
    public string Dotted => $"{Section}.{Name}";
}
