using System.Text.Json.Serialization;

namespace Gsd.Processes;

/// <summary>Source-generated JSON for pid lock files (same conventions as the other state files).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(LockRecord))]
internal sealed partial class LockJsonContext : JsonSerializerContext;
