using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Gsd.IO;
using Gsd.Parallel;
using Gsd.Planning;
using Gsd.Rendering;

namespace Gsd.Cli;

/// <summary><c>gsd parallel status [--all] [--json] [--watch]</c>: the current run as the files in .gsd/parallel/ describe it, once or every second.</summary>
internal sealed class ParallelStatusCommand : GsdCommand<ParallelStatusCommand.Settings>
{
    private readonly Option<bool> _json = JsonOption.Create();
    private readonly Option<bool> _watch = new("--watch") { Description = "Refresh every second until interrupted" };
    private readonly Option<bool> _all = new("--all") { Description = "Also list milestones of earlier runs (merged, or ended with nothing to merge)" };

    internal sealed record Settings(bool Json, bool Watch, bool All);

    protected override Command Declare() =>
        new("status", "The current run: every worker's state, unit, progress, cost and heartbeat; the run's cost against the ceiling and the project's total; what is ready to merge")
        {
            Options = { _all, _json, _watch },
        };

    protected override Settings Bind(ParseResult parse) => new(parse.GetValue(_json), parse.GetValue(_watch), parse.GetValue(_all));

    // Ctrl-C (or SIGTERM) ends a watch normally.
    protected override bool StopsGracefully(Settings settings) => settings.Watch;

    protected override async Task<int> RunAsync(CommandContext ctx, Settings settings, CancellationToken ct)
    {
        var project = ParallelProject.Open(ctx);
        ParallelStatusReport Read() =>
            ParallelStatusReader.Read(project.Paths, PlanningLoader.Load(project.Root), project.Preferences.Parallel.BudgetCeiling, DateTimeOffset.UtcNow, all: settings.All);
        if (!settings.Watch)
        {
            OneShotHeap.HoldCollections();
            var report = Read();
            if (settings.Json)
            {
                ctx.WriteJson(report);
            }
            else
            {
                ctx.Out.Write(ParallelRenderer.Dashboard(report));
            }
            // What an unreadable file describes is missing from the report: say so in the exit code too.
            return report.Unreadable.Count == 0 ? ExitCodes.Ok : ExitCodes.Failure;
        }
        if (!settings.Json && ctx.Console.OutIsTerminal)
        {
            await ctx.Out.Live(ParallelRenderer.Dashboard(Read())).StartAsync(async live =>
            {
                while (await PauseAsync(ct).ConfigureAwait(false))
                {
                    live.UpdateTarget(ParallelRenderer.Dashboard(Read()));
                }
            }).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        do
        {
            if (settings.Json)
            {
                // One compact document per line, so a watcher can read it as a stream.
                await ctx.Console.Out.WriteLineAsync(Compact(JsonOutput.Serialize(Read(), RenderingJsonContext.Default.ParallelStatusReport))).ConfigureAwait(false);
            }
            else
            {
                ctx.Out.WriteLine($"--- {DateTimeOffset.Now:HH:mm:ss}");
                ctx.Out.Write(ParallelRenderer.Dashboard(Read()));
            }
            await ctx.Console.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        while (await PauseAsync(ct).ConfigureAwait(false));
        return ExitCodes.Ok;
    }

    /// <summary>Waits one refresh period; false when the watch was interrupted.</summary>
    private static async Task<bool> PauseAsync(CancellationToken ct)
    {
        try
        {
            await Task.Delay(1000, ct).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static string Compact(string json)
    {
        using var doc = JsonDocument.Parse(json);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            doc.RootElement.WriteTo(writer);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
