using System.Globalization;
using Gsd.IO;
using Gsd.Protocol;

namespace Gsd.Rendering;

/// <summary>
/// Shows the worker's progress: one JSON event per line (--json), plain lines when stdout is not a terminal,
/// or lines plus a live spinner for the running unit on a terminal.
/// </summary>
public sealed class AutoRenderer : IDisposable
{
    private readonly TextWriter _out;
    private readonly bool _json;
    private readonly bool _live;
    private static readonly string[] SpinnerFrames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
    private readonly Lock _gate = new();
    private CancellationTokenSource? _spinner;
    private Task? _spinnerTask;
    private (string Label, DateTimeOffset Since)? _running;

    private AutoRenderer(TextWriter output, bool json, bool live)
    {
        _out = output;
        _json = json;
        _live = live;
    }

    /// <param name="output">stdout; <paramref name="terminal"/> says whether it is a terminal (then a spinner runs).</param>
    public static AutoRenderer Create(TextWriter output, bool json, bool terminal) => new(output, json, !json && terminal);

    public void Report(AutoEvent e)
    {
        lock (_gate)
        {
            if (_json)
            {
                _out.WriteLine(JsonOutput.Serialize(e, EventJsonContext.Default.AutoEvent, indented: false));
                _out.Flush();
                return;
            }
            StopSpinner();
            var line = Describe(e);
            if (line is not null)
            {
                _out.WriteLine(line);
                _out.Flush();
            }
            _running = e.Event switch
            {
                "unit-start" => ($"{e.UnitType} {e.UnitId}", DateTimeOffset.UtcNow),
                "unit-end" or "end" => null,
                _ => _running,
            };
            // Other lines (a signal received, a log note) may come mid-unit: the spinner goes on below them.
            if (_live && _running is { } running)
            {
                StartSpinner(running.Label, running.Since);
            }
        }
    }

    public static string? Describe(AutoEvent e) => e.Event switch
    {
        "start" => $"gsd auto: {e.Message}",
        "unit-start" => $"▶ {e.UnitType} {e.UnitId}{(e.Title is null ? string.Empty : $" — {e.Title}")}{(e.Attempt > 1 ? $" (try {e.Attempt})" : string.Empty)}",
        "unit-end" => $"{(e.Outcome == "succeeded" ? "✔" : "✘")} {e.UnitType} {e.UnitId} {e.Outcome} in {Seconds(e.DurationSeconds)}, cost {(e.CostUnknown == true ? "unknown" : "$" + (e.Cost ?? 0).ToString("0.0000", CultureInfo.InvariantCulture))}{(e.Commit is null ? string.Empty : $", commit {e.Commit[..Math.Min(8, e.Commit.Length)]}")}{(e.Message is null ? string.Empty : $"\n    {e.Message.Replace("\n", "\n    ", StringComparison.Ordinal)}")}",
        "state" => $"● {e.MilestoneId} {e.State}: {e.Message}",
        "log" => e.Message,
        "end" => $"gsd auto: {e.MilestoneId ?? "-"} {e.Outcome}{(e.Message is null ? string.Empty : $": {e.Message}")}",
        _ => null,
    };

    private static string Seconds(double? s) => (s ?? 0).ToString("0.0", CultureInfo.InvariantCulture) + "s";

    private void StartSpinner(string label, DateTimeOffset started)
    {
        var cts = new CancellationTokenSource();
        _spinner = cts;
        _spinnerTask = Task.Run(async () =>
        {
            for (var i = 0; !cts.IsCancellationRequested; i++)
            {
                var elapsed = (DateTimeOffset.UtcNow - started).TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
                _out.Write($"\r{SpinnerFrames[i % SpinnerFrames.Length]} {label} … {elapsed}s ");
                _out.Flush();
                try
                {
                    await Task.Delay(100, cts.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            _out.Write("\r\u001b[2K");
        });
    }

    private void StopSpinner()
    {
        if (_spinner is null)
        {
            return;
        }
        _spinner.Cancel();
        _spinnerTask?.Wait();
        _spinner.Dispose();
        _spinner = null;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            StopSpinner();
        }
    }
}
