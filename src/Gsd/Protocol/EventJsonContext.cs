using System.Text.Json.Serialization;

namespace Gsd.Protocol;

/// <summary>One-line JSON for event streams (<c>gsd auto --json</c>, events.ndjson).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AutoEvent))]
internal sealed partial class EventJsonContext : JsonSerializerContext;
