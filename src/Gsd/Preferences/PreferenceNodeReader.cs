using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Gsd.Preferences;

/// <summary>
/// Reads typed values out of one file's YAML nodes. Every failure is recorded as an error naming
/// the file, line, dotted key, value and what is allowed; reading goes on so all errors are found.
/// </summary>
internal sealed class PreferenceNodeReader
{
    private readonly int _linesBefore;

    public PreferenceNodeReader(string file, int linesBefore)
    {
        File = file;
        _linesBefore = linesBefore;
    }

    public string File { get; }

    public List<PreferenceError> Errors { get; } = [];

    public List<PreferenceWarning> Warnings { get; } = [];

    public int LineOf(YamlNode node) => checked((int)node.Start.Line + _linesBefore);

    public ReadOutcome Fail(string key, YamlNode node, string problem)
    {
        Errors.Add(new PreferenceError(File, LineOf(node), key, YamlText.Show(node), problem));
        return ReadOutcome.Failed;
    }

    public void Warn(string key, YamlNode node, PreferenceWarningKind kind, string message) =>
        Warnings.Add(new PreferenceWarning(File, LineOf(node), key, kind, $"{File}:{LineOf(node)}: {message}"));

    public ReadOutcome Bool(string key, YamlNode node, string allowed)
    {
        if (node is YamlScalarNode scalar && YamlText.IsPlain(scalar))
        {
            if (string.Equals(scalar.Value, "true", StringComparison.OrdinalIgnoreCase))
            {
                return ReadOutcome.Of(true);
            }
            if (string.Equals(scalar.Value, "false", StringComparison.OrdinalIgnoreCase))
            {
                return ReadOutcome.Of(false);
            }
        }
        return Fail(key, node, allowed);
    }

    public ReadOutcome Int(string key, YamlNode node, int min, int max, string allowed)
    {
        if (node is YamlScalarNode scalar && YamlText.IsPlain(scalar)
            && int.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max)
        {
            return ReadOutcome.Of(value);
        }
        return Fail(key, node, allowed);
    }

    public ReadOutcome PositiveDecimalOrNull(string key, YamlNode node, string allowed)
    {
        if (YamlText.IsNull(node))
        {
            return ReadOutcome.Of(null);
        }
        if (node is YamlScalarNode scalar && YamlText.IsPlain(scalar)
            && decimal.TryParse(scalar.Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value)
            && value > 0)
        {
            return ReadOutcome.Of((decimal?)value);
        }
        return Fail(key, node, allowed);
    }

    /// <summary>One of a fixed set of words (case-insensitive); quoted or not, since they are strings.</summary>
    public ReadOutcome Choice<T>(string key, YamlNode node, IReadOnlyDictionary<string, T> choices, string allowed)
    {
        if (node is YamlScalarNode { Value: { } text } && !YamlText.IsNull(node)
            && choices.TryGetValue(text, out var value))
        {
            return ReadOutcome.Of(value);
        }
        return Fail(key, node, allowed);
    }

    /// <summary>A non-blank string, or null. <paramref name="isValid"/> adds a check of its own.</summary>
    public ReadOutcome TextOrNull(string key, YamlNode node, string allowed, Func<string, bool>? isValid = null)
    {
        if (YamlText.IsNull(node))
        {
            return ReadOutcome.Of(null);
        }
        if (node is YamlScalarNode { Value: { } text } && !string.IsNullOrWhiteSpace(text)
            && (isValid is null || isValid(text)))
        {
            return ReadOutcome.Of(text);
        }
        return Fail(key, node, allowed);
    }

    /// <summary>A list of strings; each bad item is an error of its own (<c>agent.args[1]</c>).</summary>
    public ReadOutcome StringList(string key, YamlNode node, string allowed, bool firstMustBeNonBlank)
    {
        if (node is not YamlSequenceNode sequence)
        {
            return Fail(key, node, allowed);
        }
        var items = new List<string>(sequence.Children.Count);
        var ok = true;
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = sequence.Children[i];
            var itemKey = $"{key}[{i}]";
            if (item is not YamlScalarNode { Value: { } text } || YamlText.IsNull(item))
            {
                Fail(itemKey, item, "must be a string");
                ok = false;
                continue;
            }
            if (i == 0 && firstMustBeNonBlank && string.IsNullOrWhiteSpace(text))
            {
                Fail(itemKey, item, "must name the program to run");
                ok = false;
                continue;
            }
            items.Add(text);
        }
        return ok ? ReadOutcome.Of((IReadOnlyList<string>)items.AsReadOnly()) : ReadOutcome.Failed;
    }

    public ReadOutcome Duration(string key, YamlNode node, TimeSpan max, string allowed)
    {
        if (node is YamlScalarNode { Value: { } text } && !YamlText.IsNull(node)
            && DurationText.TryParse(text, out var value) && value > TimeSpan.Zero && value <= max)
        {
            return ReadOutcome.Of(value);
        }
        return Fail(key, node, allowed);
    }

    /// <summary>
    /// A shell command, or null. GSD-2 writes <c>true</c>/<c>false</c>/<c>auto</c> (and some versions
    /// <c>[]</c>) under the same git keys; those load as "not set", with a warning unless they mean that anyway.
    /// </summary>
    public ReadOutcome CommandOrNull(string key, YamlNode node, string allowed)
    {
        switch (node)
        {
            case YamlScalarNode scalar when YamlText.IsPlain(scalar)
                && string.Equals(scalar.Value, "false", StringComparison.OrdinalIgnoreCase):
                return ReadOutcome.Of(null);
            case YamlScalarNode scalar when YamlText.IsPlain(scalar)
                && (string.Equals(scalar.Value, "true", StringComparison.OrdinalIgnoreCase)
                    || string.Equals(scalar.Value, "auto", StringComparison.OrdinalIgnoreCase)):
            case YamlSequenceNode { Children.Count: 0 }:
                Warn(key, node, PreferenceWarningKind.Gsd2Setting,
                    $"{key}: {YamlText.Show(node)} is a GSD-2 value gsd does not use (ignored); gsd expects a shell command here, or null");
                return ReadOutcome.Of(null);
            default:
                return TextOrNull(key, node, allowed);
        }
    }
}
