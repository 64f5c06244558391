using System.Text.Json;

namespace Gsd.Agents;

/// <summary>
/// gsd's own lines in an agent log, one JSON object each between the agent's output: where each try at a unit starts
/// and how it ended. Their <c>type</c> starts with <c>gsd.</c> so tools reading the raw events can tell them apart.
/// </summary>
public static class AgentLogMarkers
{
    public const string UnitStart = "gsd.unit-start";
    public const string UnitEnd = "gsd.unit-end";

    public static void Started(string path, DateTimeOffset time, string agentKind, string unitType, string unitId, int attempt) =>
        Append(path, w =>
        {
            w.WriteString("type", UnitStart);
            w.WriteString("time", time.UtcDateTime);
            w.WriteString("agent", agentKind);
            w.WriteString("unitType", unitType);
            w.WriteString("unitId", unitId);
            w.WriteNumber("attempt", attempt);
        });

    /// <param name="outcome">As in metrics: succeeded | failed | interrupted | timed-out.</param>
    public static void Ended(string path, DateTimeOffset time, string unitId, int attempt, string outcome, decimal cost, bool costEstimated, string? failure) =>
        Append(path, w =>
        {
            w.WriteString("type", UnitEnd);
            w.WriteString("time", time.UtcDateTime);
            w.WriteString("unitId", unitId);
            w.WriteNumber("attempt", attempt);
            w.WriteString("outcome", outcome);
            w.WriteNumber("cost", cost);
            w.WriteBoolean("costEstimated", costEstimated);
            if (failure is not null)
            {
                w.WriteString("failure", failure);
            }
        });

    private static void Append(string path, Action<Utf8JsonWriter> fill)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            fill(w);
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        // One write of a whole line: the log never holds half a marker.
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        stream.Write(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>Whether <paramref name="line"/> is one of gsd's markers rather than the agent's output.</summary>
    public static bool IsMarker(string line) => line.StartsWith("{\"type\":\"gsd.", StringComparison.Ordinal);
}
