using System.CommandLine;
using System.Text;
using Gsd.Agents;
using Gsd.Layout;
using Gsd.Planning;
using Gsd.Processes;
using Gsd.Protocol;
using Gsd.Rendering;

namespace Gsd.Cli;

/// <summary>
/// <c>gsd parallel logs [MID] [-f] [--unit ID] [--raw]</c>: a milestone's agent transcript, rendered for people from the raw
/// event log the worker (or plain <c>gsd auto</c>) writes to <c>.gsd/parallel/logs/&lt;MID&gt;.jsonl</c>; <c>-f</c> follows
/// it live until the worker ends (or the unit, with <c>--unit</c>) or Ctrl-C; <c>--raw</c> prints the events as logged.
/// </summary>
internal sealed class ParallelLogsCommand : GsdCommand<ParallelLogsCommand.Settings>
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    private readonly MilestoneArgument _milestone = new("The milestone (default: the one worker running)");
    private readonly Option<bool> _follow = new("--follow", "-f") { Description = "Keep printing as the agent works, until its worker (or the unit) ends or Ctrl-C" };
    private readonly Option<string?> _unit = new("--unit") { Description = "Only this unit's tries, e.g. M001/S01/T01" };
    private readonly Option<bool> _raw = new("--raw") { Description = "Print the raw events (one JSON object a line) instead of the transcript" };

    internal sealed record Settings(string? MilestoneId, bool Follow, string? Unit, bool Raw);

    protected override Command Declare() =>
        new("logs", "A worker's agent transcript: who said what, which tools ran with what result, errors, cost; -f follows it live")
        {
            Arguments = { _milestone.Argument },
            Options = { _follow, _unit, _raw },
        };

    protected override Settings Bind(ParseResult parse)
    {
        var mid = _milestone.Read(parse);
        var unit = parse.GetValue(_unit);
        if (unit is not null)
        {
            var unitMid = unit.Split('/')[0];
            if (!MilestoneId.IsValid(unitMid))
            {
                throw new GsdException($"--unit {unit}: not a unit id (M001, M001/S01 or M001/S01/T01).", ExitCodes.Usage);
            }
            if (mid is not null && mid != unitMid)
            {
                throw new GsdException($"--unit {unit} is not a unit of {mid}.", ExitCodes.Usage);
            }
            mid ??= unitMid;
        }
        return new Settings(mid, parse.GetValue(_follow), unit, parse.GetValue(_raw));
    }

    protected override bool StopsGracefully(Settings settings) => settings.Follow;

    protected override async Task<int> RunAsync(CommandContext ctx, Settings settings, CancellationToken ct)
    {
        // No parallel gate: plain `gsd auto` writes the same log.
        var root = MainProjectRoot.Find(ctx.WorkingDirectory);
        var paths = new ParallelPaths(root);
        var mid = settings.MilestoneId ?? Choose(paths);
        var log = paths.AgentLogFile(mid);
        if (!File.Exists(log))
        {
            if (PlanningLoader.Load(root).Find(mid) is null)
            {
                throw new GsdException($"{mid}: no such milestone in .gsd/milestones/ and no agent log at {Path.GetRelativePath(root, log)}.", ExitCodes.Usage);
            }
            if (!settings.Follow)
            {
                await ctx.Console.Error.WriteLineAsync($"gsd: {mid} has no agent log yet ({Path.GetRelativePath(root, log)}): no agent has run for it.").ConfigureAwait(false);
                return ExitCodes.Ok;
            }
        }
        else if (settings.Unit is { } unit && !settings.Follow && !LoggedUnits(log).Contains(unit))
        {
            var logged = LoggedUnits(log);
            throw new GsdException($"--unit {unit}: no agent ran for it in {Path.GetRelativePath(root, log)}; {(logged.Count == 0 ? "no unit is logged yet" : "logged units: " + string.Join(", ", logged))}.", ExitCodes.Usage);
        }

        var printer = new Printer(ctx.Console.Out, settings);
        long offset = 0;
        var lines = new LineReader();
        while (true)
        {
            var ended = printer.UnitEnded;
            offset = await ReadNewAsync(log, offset, lines, printer).ConfigureAwait(false);
            await ctx.Console.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            if (!settings.Follow || (printer.UnitEnded && !ended))
            {
                return ExitCodes.Ok;
            }
            // Whatever the worker wrote before it ended is printed first: the check comes after a read.
            if (!Running(paths, mid))
            {
                offset = await ReadNewAsync(log, offset, lines, printer).ConfigureAwait(false);
                printer.Flush(lines);
                await ctx.Console.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            try
            {
                await Task.Delay(Poll, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return ExitCodes.Ok;
            }
        }
    }

    /// <summary>Without MID: the one milestone whose worker is running; several is a usage error listing them.</summary>
    private static string Choose(ParallelPaths paths)
    {
        var running = WorkerStatusStore.ReadAll(paths).Select(s => s.MilestoneId).Where(id => Running(paths, id)).ToList();
        if (SoloMilestone(paths) is { } solo && !running.Contains(solo))
        {
            running.Add(solo);
        }
        return running.Count switch
        {
            1 => running[0],
            0 => throw new GsdException("No worker is running: name the milestone, e.g. `gsd parallel logs M001`.", ExitCodes.Usage),
            _ => throw new GsdException($"{running.Count} workers are running ({string.Join(", ", running)}): name one, e.g. `gsd parallel logs {running[0]}`.", ExitCodes.Usage),
        };
    }

    /// <summary>Whether an agent may still write to the milestone's log: its worker is live, or a plain `gsd auto` in the project works on it.</summary>
    private static bool Running(ParallelPaths paths, string mid)
    {
        if (WorkerStatusStore.TryRead(paths, mid) is { } status
            && WorkerStates.IsLive(WorkerHealth.EffectiveState(status, SignalSender.LastSent(paths, mid), DateTimeOffset.UtcNow, Timings.FromEnvironment())))
        {
            return true;
        }
        return SoloMilestone(paths) == mid;
    }

    /// <summary>The milestone a live plain `gsd auto` in the project root is on (its lock names the unit), else null.</summary>
    private static string? SoloMilestone(ParallelPaths paths)
    {
        var record = PidLock.Read(GsdPaths.AutoLockFile(paths.ProjectRoot));
        if (record?.UnitId is not { } unit || !record.Owner.IsAlive())
        {
            return null;
        }
        var mid = unit.Split('/')[0];
        return MilestoneId.IsValid(mid) ? mid : null;
    }

    private static List<string> LoggedUnits(string log) =>
        File.ReadLines(log).Select(AgentTranscript.UnitStartedBy).OfType<string>().Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Prints the lines added since <paramref name="offset"/>; returns the new offset.</summary>
    private static async Task<long> ReadNewAsync(string log, long offset, LineReader lines, Printer printer)
    {
        if (!File.Exists(log))
        {
            return offset;
        }
        await using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length < offset)
        {
            offset = 0;
        }
        stream.Position = offset;
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            foreach (var line in lines.Add(buffer.AsSpan(0, read)))
            {
                printer.Print(line);
            }
            offset += read;
        }
        if (!printer.Follow)
        {
            printer.Flush(lines);
        }
        return offset;
    }

    /// <summary>Bytes to lines, a UTF-8 character split between two reads kept whole.</summary>
    private sealed class LineReader
    {
        private readonly Decoder _decoder = new UTF8Encoding(false).GetDecoder();
        private readonly LineSplitter _lines = new();

        public List<string> Add(ReadOnlySpan<byte> bytes)
        {
            var chars = new char[_decoder.GetCharCount(bytes, flush: false)];
            var count = _decoder.GetChars(bytes, chars, flush: false);
            return _lines.Add(chars.AsSpan(0, count));
        }

        public string? TakeRest() => _lines.TakeRest();
    }

    /// <summary>Prints log lines as a transcript (or raw), only those of <see cref="Settings.Unit"/> when one is named.</summary>
    private sealed class Printer(TextWriter output, Settings settings)
    {
        private readonly AgentTranscript _transcript = new();
        private bool _inUnit = settings.Unit is null;

        public bool Follow => settings.Follow;

        /// <summary>With --unit: a try at it ended in anything but a failure (a failure is retried).</summary>
        public bool UnitEnded { get; private set; }

        public void Print(string line)
        {
            if (settings.Unit is { } unit)
            {
                if (AgentTranscript.UnitStartedBy(line) is { } started)
                {
                    _inUnit = started == unit;
                }
                if (_inUnit && AgentLogMarkers.IsMarker(line) && line.Contains("\"type\":\"gsd.unit-end\"", StringComparison.Ordinal)
                    && !line.Contains("\"outcome\":\"failed\"", StringComparison.Ordinal))
                {
                    UnitEnded = true;
                }
            }
            if (!_inUnit)
            {
                return;
            }
            if (settings.Raw)
            {
                output.WriteLine(line);
                return;
            }
            foreach (var rendered in _transcript.Render(line))
            {
                output.WriteLine(rendered);
            }
        }

        /// <summary>A last line the log has no newline after yet (printed only once nothing more will come).</summary>
        public void Flush(LineReader lines)
        {
            if (lines.TakeRest() is { } rest)
            {
                Print(rest);
            }
        }
    }
}
