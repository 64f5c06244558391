using System.Text.Json;

namespace Gsd.Planning;

/// <summary>Reads <c>M###-META.json</c> (<c>{"integrationBranch":"main"}</c>).</summary>
internal static class MetaParser
{
    /// <summary>The integration branch, or null when absent or unusable (reported: bad JSON, or a name git would misread).</summary>
    public static string? ReadIntegrationBranch(string text, SourceFile file)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            file.Report(ProblemCodes.BadJson, $"not valid JSON: {JsonLines.ErrorText(ex)}", JsonLines.ErrorLine(ex));
            return null;
        }
        using (json)
        {
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                file.Report(ProblemCodes.BadJson, "expected a JSON object like {\"integrationBranch\": \"main\"}", 1);
                return null;
            }
            if (!json.RootElement.TryGetProperty("integrationBranch", out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }
            var branch = value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : null;
            if (string.IsNullOrEmpty(branch) || branch.StartsWith('-') || branch.Contains("..", StringComparison.Ordinal)
                || branch.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                file.Report(ProblemCodes.BadJson, $"integrationBranch {value.GetRawText()} is not a usable branch name; it is ignored", 1);
                return null;
            }
            return branch;
        }
    }
}
