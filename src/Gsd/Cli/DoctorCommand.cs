using System.CommandLine;
using Gsd.Doctor;
using Gsd.IO;
using Gsd.Layout;
using Gsd.Rendering;

namespace Gsd.Cli;

/// <summary><c>gsd doctor [--fix] [--json]</c>: finds stale runtime state, git leftovers and configuration problems; --fix repairs what is safe.</summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var command = new Command("doctor",
            "Find stale locks, status files and coordinator state, orphaned or missing worktrees, leftover merge state, bad preferences, "
            + "dependency cycles, tracked runtime files and missing .gitignore lines; --fix repairs what is safe");
        var fix = new Option<bool>("--fix") { Description = "Repair what is safe (never deletes a branch, worktree or file holding work that exists nowhere else)" };
        var json = JsonOption.Create();
        command.Options.Add(fix);
        command.Options.Add(json);
        GsdCli.SetHandler(command, async (ctx, ct) =>
        {
            // From inside a milestone worktree, act on the main project: its .gsd/parallel/ and worktrees.
            var root = MainProjectRoot.Find(ctx.WorkingDirectory);
            var report = await DoctorRunner.RunAsync(root, ctx.Parse.GetValue(fix), TimeProvider.System, ct).ConfigureAwait(false);
            if (ctx.Parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonOutput.Serialize(report, DoctorJsonContext.Default.DoctorReport));
            }
            else
            {
                DoctorRenderer.Render(Console.Out, report);
            }
            return report.RemainingErrors == 0 ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }
}
