using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Gsd.IO;
using Gsd.Layout;
using Gsd.Parallel;
using Gsd.Planning;
using Gsd.Preferences;
using Gsd.Protocol;
using Gsd.Rendering;

namespace Gsd.Dashboard;

/// <summary>
/// The project the dashboard shows, read from the same files `gsd parallel status --json` and `gsd queue --json` read;
/// preferences are read again on every use, so an edit shows without a restart.
/// </summary>
internal sealed class DashboardProject(string root)
{
    public string Root => root;

    public ParallelPaths Paths { get; } = new(root);

    /// <summary>The preferences, with parallel mode checked on (as every parallel command checks).</summary>
    public GsdPreferences Preferences()
    {
        var prefs = PreferencesLoader.Load(root).Preferences;
        ParallelGate.Check(prefs);
        return prefs;
    }

    public ParallelStatusReport Status(bool all = false) =>
        ParallelStatusReader.Read(Paths, PlanningLoader.Load(root), Preferences().Parallel.BudgetCeiling, DateTimeOffset.UtcNow, all: all);

    /// <summary>The `gsd parallel status --json` document, byte for byte.</summary>
    public string StatusJson(bool all = false) => JsonOutput.Serialize(Status(all), RenderingJsonContext.Default.ParallelStatusReport);

    /// <summary>
    /// One SSE snapshot, compact: <c>{"status": …, "queue": …, "merges": …}</c> — the status document, the queue document
    /// (milestones and their dependencies, for the graph) and merges.json's records (the merge queue's outcomes). A file
    /// that cannot be read gives <c>{"problem": "…"}</c> instead, so the page says what is wrong rather than going stale.
    /// </summary>
    public string SnapshotJson()
    {
        string status, queue, merges;
        try
        {
            status = JsonOutput.Serialize(Status(), RenderingJsonContext.Default.ParallelStatusReport, indented: false);
            queue = JsonOutput.Serialize(QueueReport.From(PlanningLoader.Load(root)), RenderingJsonContext.Default.QueueReport, indented: false);
            merges = JsonOutput.Serialize(new MergeLedger(Paths).TryRead() ?? new MergeLedgerFile(), GsdJsonContext.Default.MergeLedgerFile, indented: false);
        }
        catch (GsdException ex)
        {
            return Object(w => w.WriteString("problem", ex.Message));
        }
        return Object(w =>
        {
            w.WritePropertyName("status");
            w.WriteRawValue(status, skipInputValidation: true);
            w.WritePropertyName("queue");
            w.WriteRawValue(queue, skipInputValidation: true);
            w.WritePropertyName("merges");
            w.WriteRawValue(merges, skipInputValidation: true);
        });
    }

    /// <summary>A compact JSON object written by <paramref name="body"/>.</summary>
    public static string Object(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
