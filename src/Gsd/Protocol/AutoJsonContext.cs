using System.Text.Json.Serialization;

namespace Gsd.Protocol;

/// <summary>Source-generated JSON for the worker's files: metrics ledger and --json events.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MetricsFile))]
internal sealed partial class AutoJsonContext : JsonSerializerContext;
