using System.Text.Json;
using Gsd.IO;
using Gsd.Layout;

namespace Gsd.Protocol;

/// <summary><c>.gsd/metrics.json</c> of one checkout: read, append a unit, rewrite atomically.</summary>
public sealed class MetricsLedger(string checkout)
{
    public string Path => GsdPaths.MetricsFile(checkout);

    public MetricsFile Read() => ReadFile(Path);

    public static MetricsFile ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            return new MetricsFile(1, []);
        }
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), AutoJsonContext.Default.MetricsFile) ?? new MetricsFile(1, []);
        }
        catch (JsonException ex)
        {
            throw new GsdException($"{path}: not valid metrics JSON (line {(ex.LineNumber ?? 0) + 1}): {ex.Message}. Move it aside to start a new ledger; nothing else depends on it.");
        }
    }

    public void Append(UnitMetrics unit) => AppendAll([unit]);

    public void AppendAll(IReadOnlyList<UnitMetrics> units)
    {
        var current = Read();
        JsonFile.Write(Path, current with { Units = [.. current.Units, .. units] }, AutoJsonContext.Default.MetricsFile);
    }

    public decimal TotalCost() => Read().Units.Sum(u => u.Cost);

    /// <summary>True (else null, so JSON omits it) when some unit's cost is unknown: <see cref="TotalCost"/> then counts only the costs agents reported.</summary>
    public bool? CostUnknown() => Read().Units.Any(u => u.CostUnknown == true) ? true : null;
}
