using System.CommandLine;
using Gsd.Doctor;
using Gsd.IO;
using Gsd.Layout;
using Gsd.Rendering;

namespace Gsd.Cli;

/// <summary><c>gsd doctor [--fix] [--json]</c>: finds stale runtime state, git leftovers and configuration problems; --fix repairs what is safe.</summary>
internal sealed class DoctorCommand : GsdCommand<DoctorCommand.Settings>
{
    private readonly Option<bool> _fix = new("--fix") { Description = "Repair what is safe (never deletes a branch, worktree or file holding work that exists nowhere else)" };
    private readonly Option<bool> _json = JsonOption.Create();

    internal sealed record Settings(bool Fix, bool Json);

    protected override Command Declare() =>
        new("doctor",
            "Find stale locks, status files and coordinator state, orphaned or missing worktrees, leftover merge state, bad preferences, "
            + "dependency cycles, tracked runtime files and missing .gitignore lines; --fix repairs what is safe")
        {
            Options = { _fix, _json },
        };

    protected override Settings Bind(ParseResult parse) => new(parse.GetValue(_fix), parse.GetValue(_json));

    protected override async Task<int> RunAsync(CommandContext ctx, Settings settings, CancellationToken ct)
    {
        // From inside a milestone worktree, act on the main project: its .gsd/parallel/ and worktrees.
        var root = MainProjectRoot.Find(ctx.WorkingDirectory);
        var report = await DoctorRunner.RunAsync(root, settings.Fix, TimeProvider.System, ct).ConfigureAwait(false);
        if (settings.Json)
        {
            await ctx.Console.Out.WriteLineAsync(JsonOutput.Serialize(report, DoctorJsonContext.Default.DoctorReport)).ConfigureAwait(false);
        }
        else
        {
            DoctorRenderer.Render(ctx.Console.Out, report);
        }
        return report.RemainingErrors == 0 ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
