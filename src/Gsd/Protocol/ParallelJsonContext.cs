using System.Text.Json.Serialization;

namespace Gsd.Protocol;

/// <summary>One-line JSON for the parallel event log.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(ParallelEvent))]
internal sealed partial class ParallelJsonContext : JsonSerializerContext;
