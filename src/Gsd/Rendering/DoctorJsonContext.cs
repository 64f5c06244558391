using System.Text.Json.Serialization;
using Gsd.Doctor;

namespace Gsd.Rendering;

/// <summary>Source-generated JSON for <c>gsd doctor --json</c>: camelCase, indented, every field always present.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(DoctorReport))]
internal sealed partial class DoctorJsonContext : JsonSerializerContext;
