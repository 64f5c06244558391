using System.Text.Json.Serialization;

namespace Gsd.Protocol;

/// <summary>Source-generated JSON for the state files shared between processes (camelCase, AOT-safe).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(WorkerStatus))]
[JsonSerializable(typeof(WorkerSignal))]
[JsonSerializable(typeof(CoordinatorState))]
[JsonSerializable(typeof(MergeLedgerFile))]
[JsonSerializable(typeof(RunPreferences))]
[JsonSerializable(typeof(AgentHold))]
internal sealed partial class GsdJsonContext : JsonSerializerContext;
