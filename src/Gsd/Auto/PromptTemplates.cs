using System.Reflection;
using System.Text.RegularExpressions;
using System.Text;

namespace Gsd.Auto;

/// <summary>Loads the embedded prompt templates and fills their <c>{{placeholders}}</c>; a placeholder left unfilled is a bug, never sent.</summary>
public static partial class PromptTemplates
{
    [GeneratedRegex(@"\{\{([a-zA-Z]+)\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    public static string Load(string unitType)
    {
        var name = $"Gsd.Prompts.{unitType}.md";
        using var stream = typeof(PromptTemplates).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"No embedded prompt template {name}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    public static string Render(string unitType, IReadOnlyDictionary<string, string> values)
    {
        var template = Load(unitType);
        var missing = new List<string>();
        var text = Placeholder().Replace(template, match =>
        {
            var key = match.Groups[1].Value;
            if (values.TryGetValue(key, out var value))
            {
                return value;
            }
            missing.Add(key);
            return match.Value;
        });
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"Prompt {unitType} has unfilled placeholders: {string.Join(", ", missing.Distinct())}.");
        }
        return text;
    }

    public static IReadOnlyList<string> PlaceholdersOf(string unitType) =>
        Placeholder().Matches(Load(unitType)).Select(m => m.Groups[1].Value).Distinct().ToList();

    /// <summary>Names of all shipped templates (the agent unit types).</summary>
    public static IReadOnlyList<string> All { get; } = [UnitTypes.PlanMilestone, UnitTypes.PlanSlice, UnitTypes.ExecuteTask];

    internal static Assembly Assembly => typeof(PromptTemplates).Assembly;
}
