using System.Text.Json.Serialization;

namespace Gsd.Rendering;

/// <summary>Source-generated JSON for command output (--json): camelCase, indented, AOT-safe.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(QueueReport))]
[JsonSerializable(typeof(Gsd.Parallel.ParallelStatusReport))]
[JsonSerializable(typeof(StartReport))]
[JsonSerializable(typeof(ControlReport))]
[JsonSerializable(typeof(MergeReport))]
[JsonSerializable(typeof(ReportPathReport))]
internal sealed partial class RenderingJsonContext : JsonSerializerContext;
