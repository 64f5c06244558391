using Gsd.IO;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gsd.Preferences;

/// <summary>
/// Reads one PREFERENCES.md: the YAML frontmatter's <c>parallel</c>, <c>agent</c> and <c>git</c>
/// sections into typed settings. Unknown keys are warnings and their values are never inspected,
/// so GSD-2's many other settings load cleanly.
/// </summary>
internal static class PreferenceFileParser
{
    public static ParsedPreferenceFile Parse(string file, string text)
    {
        var frontmatter = FrontmatterBlock.Extract(text, out var unterminated);
        if (unterminated)
        {
            return Failed(new PreferenceError(file, 1, null, null,
                "the frontmatter opened by `---` on line 1 is never closed: add a line `---` after the settings"));
        }
        if (frontmatter is null)
        {
            return new ParsedPreferenceFile([], [], []);
        }

        var reader = new PreferenceNodeReader(file, frontmatter.LinesBefore);
        var root = LoadRoot(frontmatter, reader);
        var settings = new List<PreferenceSetting>();
        if (root is YamlMappingNode map)
        {
            ReadTopLevel(map, reader, settings);
        }
        else if (root is not null && !YamlText.IsNull(root))
        {
            reader.Errors.Add(new PreferenceError(file, reader.LineOf(root), null, null,
                $"the frontmatter must be a map of settings (parallel:, agent:, git:), not {YamlText.Show(root)}"));
        }
        return new ParsedPreferenceFile(settings, reader.Errors, reader.Warnings);
    }

    private static ParsedPreferenceFile Failed(PreferenceError error) => new([], [error], []);

    private static YamlNode? LoadRoot(FrontmatterBlock frontmatter, PreferenceNodeReader reader)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(frontmatter.Yaml));
        }
        catch (YamlException ex)
        {
            var line = ex.Message.Contains("tab", StringComparison.OrdinalIgnoreCase)
                ? TabIndentedLine(frontmatter.Yaml, (int)ex.Start.Line)
                : (int)ex.Start.Line;
            reader.Errors.Add(Malformed(reader.File, line + frontmatter.LinesBefore, ex.Message));
            return null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // YamlDotNet fails on some inputs (an unclosed "[" before a new key) without a position;
            // the last place the parser got to is where the user should look.
            reader.Errors.Add(Malformed(reader.File, LastParsedLine(frontmatter.Yaml) + frontmatter.LinesBefore,
                "cannot parse from here on (an unclosed bracket or quote?)"));
            return null;
        }
        return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
    }

    private static PreferenceError Malformed(string file, int line, string reason) =>
        new(file, line, null, null, $"malformed YAML: {reason}");

    // YamlDotNet reports a tab at the start of the enclosing block; the user needs the tab's own line.
    private static int TabIndentedLine(string yaml, int reported)
    {
        var lines = yaml.Split('\n');
        for (var i = Math.Max(reported - 1, 0); i < lines.Length; i++)
        {
            var indent = lines[i][..(lines[i].Length - lines[i].TrimStart(' ', '\t').Length)];
            if (indent.Contains('\t', StringComparison.Ordinal))
            {
                return i + 1;
            }
        }
        return reported;
    }

    private static int LastParsedLine(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        long line = 1;
        try
        {
            while (parser.MoveNext())
            {
                line = parser.Current!.End.Line;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Expected: this walk only exists to find where the parser gives up.
        }
        return (int)line;
    }

    private static void ReadTopLevel(YamlMappingNode root, PreferenceNodeReader reader, List<PreferenceSetting> settings)
    {
        foreach (var (keyNode, valueNode) in root.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } name })
            {
                reader.Warn("?", keyNode, PreferenceWarningKind.UnknownKey, "a key that is not a plain name (ignored)");
                continue;
            }
            if (PreferenceSchema.Sections.Contains(name))
            {
                ReadSection(name, valueNode, reader, settings);
            }
            else
            {
                WarnUnknown(null, name, keyNode, reader);
            }
        }
    }

    private static void ReadSection(string section, YamlNode node, PreferenceNodeReader reader, List<PreferenceSetting> settings)
    {
        if (YamlText.IsNull(node))
        {
            return; // "parallel:" with every key commented out, as gsd init writes it
        }
        if (node is not YamlMappingNode map)
        {
            reader.Fail(section, node, $"must be a map of settings: {string.Join(", ", PreferenceSchema.NamesIn(section))}");
            return;
        }
        foreach (var (keyNode, valueNode) in map.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } name })
            {
                reader.Warn(section + ".?", keyNode, PreferenceWarningKind.UnknownKey, $"a key in {section} that is not a plain name (ignored)");
                continue;
            }
            var key = PreferenceSchema.Find(section, name);
            if (key is null)
            {
                WarnUnknown(section, name, keyNode, reader);
                continue;
            }
            var outcome = key.Read(reader, key.Dotted, valueNode);
            if (outcome.Ok)
            {
                settings.Add(new PreferenceSetting(key.Dotted, outcome.Value, reader.File, reader.LineOf(valueNode)));
            }
        }
    }

    private static void WarnUnknown(string? section, string name, YamlNode keyNode, PreferenceNodeReader reader)
    {
        var dotted = section is null ? name : $"{section}.{name}";
        var elsewhere = PreferenceSchema.ElsewhereNamed(name, section);
        if (Gsd2PreferenceKeys.Contains(section, name))
        {
            var hint = elsewhere is null ? "" : $"; gsd reads {elsewhere}";
            reader.Warn(dotted, keyNode, PreferenceWarningKind.Gsd2Setting,
                $"{dotted} is a GSD-2 setting gsd does not use (ignored){hint}");
            return;
        }
        var suggestion = elsewhere ?? Suggest(section, name);
        var didYouMean = suggestion is null ? "" : $" — did you mean {suggestion}?";
        reader.Warn(dotted, keyNode, PreferenceWarningKind.UnknownKey, $"unknown key {dotted} (ignored){didYouMean}");
    }

    private static string? Suggest(string? section, string name) => section is null
        ? NameSuggestion.Closest(name, PreferenceSchema.Sections)
        : NameSuggestion.Closest(name, PreferenceSchema.NamesIn(section)) is { } close ? $"{section}.{close}" : null;
}
