using System.Text.Encodings.Web;
using System.Text.Json.Serialization.Metadata;
using System.Text.Json;

namespace Gsd.IO;

/// <summary>
/// JSON for people and scripts alike: `&amp;`, `&lt;` and non-ASCII stay readable (the default encoder escapes them for
/// HTML, which a terminal is not). Indented for command reports; one line for event streams.
/// </summary>
public static class JsonOutput
{
    public static string Serialize<T>(T value, JsonTypeInfo<T> typeInfo, bool indented = true)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = indented }))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
