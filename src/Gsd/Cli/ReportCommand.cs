using System.CommandLine;
using Gsd.Layout;
using Gsd.Rendering;
using Gsd.Reports;

namespace Gsd.Cli;

/// <summary><c>gsd report MID [--json]</c>: writes the milestone's self-contained HTML report to <c>.gsd/reports/&lt;MID&gt;.html</c> and prints its path.</summary>
internal sealed class ReportCommand : GsdCommand<ReportCommand.Settings>
{
    private readonly Argument<string> _mid = new("MID") { Description = "The milestone's id (M001)" };
    private readonly Option<bool> _json = JsonOption.Create();

    internal sealed record Settings(string MilestoneId, bool Json);

    protected override Command Declare() =>
        new("report", "Write a milestone's HTML report (slices, tasks, cost and tokens per unit, timeline, retries, files changed, merge commit) to .gsd/reports/<MID>.html")
        {
            Arguments = { _mid },
            Options = { _json },
        };

    protected override Settings Bind(ParseResult parse) => new(MilestoneId.Require(parse.GetValue(_mid) ?? string.Empty), parse.GetValue(_json));

    protected override async Task<int> RunAsync(CommandContext ctx, Settings settings, CancellationToken ct)
    {
        // From inside a milestone worktree too: reports live in the main project's .gsd/reports/.
        var root = MainProjectRoot.Find(ctx.WorkingDirectory);
        var path = await new ReportWriter(root, TimeProvider.System).WriteAsync(settings.MilestoneId, ct: ct).ConfigureAwait(false);
        if (settings.Json)
        {
            ctx.WriteJson(new ReportPathReport(path));
        }
        else
        {
            ctx.Console.Out.WriteLine(path);
        }
        return ExitCodes.Ok;
    }
}
