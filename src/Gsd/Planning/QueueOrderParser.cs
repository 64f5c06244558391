using System.Text.Json;
using System.Text;
using Gsd.Layout;

namespace Gsd.Planning;

/// <summary>
/// Reads <c>.gsd/QUEUE-ORDER.json</c> (<c>{"order": ["M003", "M001"], ...}</c>; other keys such as
/// <c>updatedAt</c> are ignored). Each id keeps its line so a stale or bad entry can be pointed at.
/// </summary>
internal static class QueueOrderParser
{
    /// <summary>The listed ids (tidied) with their lines; null when the file cannot be used at all (reported).</summary>
    public static List<(string Id, int Line)>? Parse(string text, SourceFile file)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var lines = new JsonLines.Counter(bytes);
        var reader = new Utf8JsonReader(bytes, JsonLines.ReaderOptions);
        var order = new List<(string, int)>();
        var found = false;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                file.Report(ProblemCodes.BadQueueOrder, "expected a JSON object like {\"order\": [\"M002\", \"M001\"]}", 1);
                return null;
            }
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                {
                    continue;
                }
                var isOrder = reader.ValueTextEquals("order"u8);
                reader.Read();
                if (!isOrder)
                {
                    reader.Skip();
                    continue;
                }
                found = true;
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    file.Report(ProblemCodes.BadQueueOrder, "\"order\" must be a list of milestone ids", lines.LineAt(reader.TokenStartIndex));
                    reader.Skip();
                    continue;
                }
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var line = lines.LineAt(reader.TokenStartIndex);
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        order.Add((MilestoneId.Normalize(reader.GetString()!), line));
                    }
                    else
                    {
                        file.Report(ProblemCodes.BadQueueOrder, "\"order\" entries must be milestone ids in quotes", line);
                        reader.Skip();
                    }
                }
            }
        }
        catch (JsonException ex)
        {
            file.Report(ProblemCodes.BadJson, $"not valid JSON: {JsonLines.ErrorText(ex)}; queue order ignored", JsonLines.ErrorLine(ex));
            return null;
        }
        if (!found)
        {
            file.Report(ProblemCodes.BadQueueOrder, "has no \"order\" list; queue order ignored", 1);
            return null;
        }
        return order;
    }
}
