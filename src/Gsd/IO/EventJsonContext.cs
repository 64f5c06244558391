using System.Text.Json.Serialization;
using Gsd.Auto;

namespace Gsd.IO;

/// <summary>One-line JSON for event streams (<c>gsd auto --json</c>, events.ndjson).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AutoEvent))]
internal sealed partial class EventJsonContext : JsonSerializerContext;
